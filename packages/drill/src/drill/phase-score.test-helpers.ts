import type { PhaseScore } from './drill-results.ts';

/**
 * A phase in which every call succeeded on its first attempt, with no hang, no breaker
 * transition and no recovery to wait for. Tests override the figures they look at.
 */
export function healthyPhase(over: Partial<PhaseScore> = {}): PhaseScore {
  return {
    phase: 'baseline',
    calls: 100,
    succeeded: 100,
    successRate: 1,
    p50Ms: 1,
    p99Ms: 2,
    hung: 0,
    attemptsPerCall: 1,
    breakerTransitions: 0,
    recoveryMs: 0,
    errors: {},
    ...over,
  };
}
