import type { CircuitBreaker } from './circuit-breaker.ts';
import type { CircuitStateName } from './circuit-state.ts';
import type { KeyedCall } from './keyed-breaker-options.ts';
import type { KeyedBreakers } from './keyed-breakers.ts';

/** What a call event says of its circuit: the state as the call ends, and a keyed one's key. */
export interface CallCircuit {
  readonly breaker: CircuitStateName | undefined;
  readonly breakerKey?: string;
}

const noCircuit: CallCircuit = { breaker: undefined };

/** How a pipeline's reports find a call's circuit: its one breaker's, or its key's. */
export function callCircuitOf(policies: {
  readonly breaker: CircuitBreaker | undefined;
  readonly breakers: KeyedBreakers | undefined;
}): (call: KeyedCall) => CallCircuit {
  const { breaker, breakers } = policies;
  if (breakers === undefined) {
    return breaker === undefined ? () => noCircuit : () => ({ breaker: breaker.stateName });
  }
  return (call) => {
    try {
      const key = breakers.keyOf(call);
      return { breaker: breakers.get(key)?.stateName, breakerKey: key };
    } catch {
      // A key function that failed for this call refused it before any circuit was asked.
      return noCircuit;
    }
  };
}
