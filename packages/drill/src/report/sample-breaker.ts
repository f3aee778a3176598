import type { BreakerTransition, PhaseSpan } from '../drill/drill-results.ts';

/** How a sample breaker behaves under one fault. */
export interface SampleBreakerFault {
  readonly phase: PhaseSpan;
  /** From the fault's start to the breaker opening (the failures it takes to trip). */
  readonly tripAfterMs: number;
  /** How long a failed half-open probe takes (a timeout, or a refused connection at once). */
  readonly probeMs: number;
  /** The error kind a failed probe reports. */
  readonly failure: string;
}

/**
 * A breaker's transitions through one fault, as bulwark's breaker would make them: it opens
 * `tripAfterMs` into the fault, probes after each `openMs`, reopens while the fault lasts, and
 * closes on the first probe after the fault ends. Deterministic, for sample results only.
 */
export function sampleBreakerTransitions(
  fault: SampleBreakerFault,
  openMs: number,
  successMs: number,
): readonly BreakerTransition[] {
  const { phase } = fault;
  let at = phase.startMs + fault.tripAfterMs;
  const transitions: BreakerTransition[] = [
    { atMs: at, from: 'closed', to: 'open', reason: '5 consecutive failures' },
  ];
  for (;;) {
    at += openMs;
    transitions.push({ atMs: at, from: 'open', to: 'half_open', reason: `open for ${openMs} ms` });
    if (at >= phase.faultEndMs) {
      at += successMs;
      transitions.push({ atMs: at, from: 'half_open', to: 'closed', reason: 'probe succeeded' });
      return transitions;
    }
    at += fault.probeMs;
    transitions.push({
      atMs: at,
      from: 'half_open',
      to: 'open',
      reason: `probe failed: ${fault.failure}`,
    });
  }
}

/** The state the transitions leave the breaker in at `atMs` (closed before the first). */
export function breakerStateAt(transitions: readonly BreakerTransition[], atMs: number): string {
  let state = 'closed';
  for (const t of transitions) if (t.atMs <= atMs) state = t.to;
  return state;
}
