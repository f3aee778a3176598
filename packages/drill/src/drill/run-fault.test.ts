import { performance } from 'node:perf_hooks';
import type { FaultProxy, TailRelay } from 'bulwark/testkit';
import { describe, expect, it } from 'vitest';
import type { FaultPoint, PhaseDefinition } from './drill-phases.ts';
import { runFault } from './run-fault.ts';

/** A phase whose fault only records when it is switched on and off, at each point. */
function recordingPhase(pulse?: PhaseDefinition['pulse'], failAt?: string) {
  const switches: string[] = [];
  const phase: PhaseDefinition = {
    name: 'flapping',
    description: 'test',
    outage: true,
    appliesTo: () => true,
    ...(pulse === undefined ? {} : { pulse }),
    start: async (point) => {
      if (point.client === failAt) throw new Error(`${point.client} refused the toxic`);
      switches.push(`on ${point.client}`);
      return async () => void switches.push(`off ${point.client}`);
    },
  };
  return { phase, switches };
}

// The phases above act on no proxy: a point needs one all the same.
const point = (client: FaultPoint['client']): FaultPoint => ({
  client,
  proxy: {} as unknown as FaultProxy,
  gate: undefined,
  tail: {} as unknown as TailRelay,
  overload: undefined,
});
const points = [point('redis'), point('postgres')];

const t0 = performance.now();
const now = () => performance.now() - t0;
// Node's timers may fire a fraction of a millisecond early by performance.now().
const slackMs = 2;

describe('runFault', () => {
  it('keeps a steady fault on for the whole span, in one window, and switches it off', async () => {
    const { phase, switches } = recordingPhase();
    const startMs = now();
    const windows = await runFault(phase, points, { startMs, faultMs: 60, now });
    expect(windows).toHaveLength(1);
    expect(windows[0]?.startMs).toBeGreaterThanOrEqual(startMs);
    expect(windows[0]?.endMs).toBeGreaterThanOrEqual(startMs + 60 - slackMs);
    expect(switches).toEqual(['on redis', 'on postgres', 'off redis', 'off postgres']);
  });

  it('pulses a flapping fault on its beat, one window per pulse, and ends it switched off', async () => {
    const { phase, switches } = recordingPhase({ onMs: 30, periodMs: 100 });
    const startMs = now();
    const windows = await runFault(phase, points, { startMs, faultMs: 250, now });
    expect(windows).toHaveLength(3);
    windows.forEach((window, i) => {
      expect(window.startMs).toBeGreaterThanOrEqual(startMs + i * 100 - slackMs);
      expect(window.endMs - window.startMs).toBeGreaterThanOrEqual(30 - slackMs);
    });
    expect(switches.filter((s) => s.startsWith('on'))).toHaveLength(6);
    expect(switches.filter((s) => s.startsWith('off'))).toHaveLength(6);
    expect(switches.slice(-2).every((s) => s.startsWith('off'))).toBe(true);
  });

  it('switches off the points it did reach when another refuses the fault, then throws', async () => {
    const { phase, switches } = recordingPhase({ onMs: 30, periodMs: 100 }, 'postgres');
    const run = runFault(phase, points, { startMs: now(), faultMs: 250, now });
    await expect(run).rejects.toThrow('postgres refused the toxic');
    expect(switches).toEqual(['on redis', 'off redis']);
  });
});
