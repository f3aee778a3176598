import type { PhaseScore } from './drill-results.ts';

/**
 * A phase in which every call succeeded on its first attempt (and was served in time), with no
 * hang, no breaker transition and no recovery to wait for; no outage, so no fault attempts are
 * counted. Tests override the figures they look at.
 */
export function healthyPhase(over: Partial<PhaseScore> = {}): PhaseScore {
  return {
    phase: 'baseline',
    calls: 100,
    succeeded: 100,
    successRate: 1,
    served: over.succeeded ?? 100,
    p50Ms: 1,
    p99Ms: 2,
    hung: 0,
    attemptsPerCall: 1,
    faultCalls: null,
    faultAttempts: null,
    faultChecks: null,
    faultMs: null,
    breakerTransitions: 0,
    recoveryMs: 0,
    errors: {},
    ...over,
  };
}
