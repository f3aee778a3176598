import type { TimeWindow } from './drill-results.ts';
import type { EndFault, FaultPoint, PhaseDefinition } from './drill-phases.ts';
import { sleepUntil } from './sleep-until.ts';

/** Throws the first rejection's reason, once every promise has settled. */
function throwFirstRejection(results: readonly PromiseSettledResult<unknown>[]): void {
  const failed = results.find((result) => result.status === 'rejected');
  if (failed === undefined) return;
  const reason: unknown = failed.reason;
  throw reason;
}

/**
 * Switches the phase's fault on at every point, and returns what switches them all off. If one
 * point fails to start, the ones that did start are switched off again before the error is
 * thrown: no toxic outlives the phase that put it there.
 */
export async function switchOn(
  phase: PhaseDefinition,
  points: readonly FaultPoint[],
): Promise<EndFault> {
  const started = await Promise.allSettled(points.map((point) => phase.start(point)));
  const ends = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const off: EndFault = async () =>
    throwFirstRejection(await Promise.allSettled(ends.map((end) => end())));
  try {
    throwFirstRejection(started);
  } catch (error) {
    await off().catch(() => undefined);
    throw error;
  }
  return off;
}

/** One stretch of the fault: on now, off `onMs` later (and off whatever happens meanwhile). */
async function faultFor(
  phase: PhaseDefinition,
  points: readonly FaultPoint[],
  onMs: number,
  now: () => number,
): Promise<TimeWindow> {
  // From before it is switched on to after it is off: the window holds the whole fault.
  const startMs = now();
  const off = await switchOn(phase, points);
  try {
    await sleepUntil(now, now() + onMs);
  } finally {
    await off();
  }
  return { startMs, endMs: now() };
}

/**
 * Runs one phase's fault at every point for `faultMs` from `startMs`: steadily, or pulse after
 * pulse for a fault that comes and goes. Resolves, with the fault off everywhere, to the windows
 * when it was on.
 */
export async function runFault(
  phase: PhaseDefinition,
  points: readonly FaultPoint[],
  timing: { readonly startMs: number; readonly faultMs: number; readonly now: () => number },
): Promise<TimeWindow[]> {
  const { startMs, faultMs, now } = timing;
  const endMs = startMs + faultMs;
  const pulse = phase.pulse;
  if (pulse === undefined) return [await faultFor(phase, points, endMs - now(), now)];
  const windows: TimeWindow[] = [];
  // Each pulse starts on its own beat, so a slow switch does not push the later ones back.
  for (let beatMs = startMs; beatMs < endMs; beatMs += pulse.periodMs) {
    await sleepUntil(now, beatMs);
    const onMs = Math.min(pulse.onMs, endMs - now());
    if (onMs <= 0) break;
    windows.push(await faultFor(phase, points, onMs, now));
  }
  return windows;
}
