// The Redis client against the real Redis, through a real Toxiproxy: the ten categories of
// tests/integration/README.md, plus no double-applied write across injected faults.
// Timing: lower bounds are what a policy or a toxic guarantees; upper bounds are generous,
// because a loaded 2-core machine can stall any process but never speeds a toxic up.

/** Backoff without jitter, long enough for the test to lift a fault during the first sleep. */
export const steadyBackoff = { initialDelayMs: 300, multiplier: 2, jitter: 'none' } as const;
