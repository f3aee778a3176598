import { describe, expect, it } from 'vitest';
import type { PhaseSpan } from '../drill/drill-results.ts';
import { breakerStateAt, sampleBreakerTransitions } from './sample-breaker.ts';

const phase: PhaseSpan = {
  name: 'down',
  description: 'down',
  startMs: 10_000,
  faultEndMs: 30_000,
  endMs: 40_000,
  clients: ['redis'],
  faultWindows: [],
  outage: false,
};

describe('sampleBreakerTransitions', () => {
  it('opens, probes and reopens during the fault, and closes on the first probe after it', () => {
    const transitions = sampleBreakerTransitions(
      { phase, tripAfterMs: 200, probeMs: 1000, failure: 'timeout' },
      5000,
      2,
    );
    expect(transitions.map((t) => [t.atMs, t.to])).toEqual([
      [10_200, 'open'],
      [15_200, 'half_open'],
      [16_200, 'open'],
      [21_200, 'half_open'],
      [22_200, 'open'],
      [27_200, 'half_open'],
      [28_200, 'open'],
      [33_200, 'half_open'],
      [33_202, 'closed'],
    ]);
    expect(transitions[2]?.reason).toBe('probe failed: timeout');
  });
});

describe('breakerStateAt', () => {
  it('is closed before the first transition, then follows them', () => {
    const transitions = sampleBreakerTransitions(
      { phase, tripAfterMs: 200, probeMs: 1000, failure: 'connection' },
      5000,
      2,
    );
    expect(breakerStateAt(transitions, 0)).toBe('closed');
    expect(breakerStateAt(transitions, 12_000)).toBe('open');
    expect(breakerStateAt(transitions, 15_500)).toBe('half_open');
    expect(breakerStateAt(transitions, 35_000)).toBe('closed');
  });
});
