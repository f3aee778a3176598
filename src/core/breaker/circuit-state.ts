/** The states of a circuit breaker, as a discriminated union: readable and serialisable. */
export type CircuitState =
  | { readonly state: 'closed' }
  | {
      readonly state: 'open';
      readonly openedAt: number;
      readonly openUntil: number;
      readonly consecutiveOpenings: number;
    }
  | {
      readonly state: 'half_open';
      readonly probesInFlight: number;
      readonly probesSucceeded: number;
    }
  | { readonly state: 'isolated'; readonly isolatedAt: number };

export type CircuitStateName = CircuitState['state'];

/** One change of state, as reported to `onTransition`. */
export interface CircuitTransition {
  readonly from: CircuitStateName;
  readonly to: CircuitStateName;
  /** Why, for people: `5 consecutive failures`, `open for 10000 ms`, `probe failed`. */
  readonly reason: string;
}
