/**
 * How long each phase lasts and how bulwark is configured for the drill. The policies are the
 * ones a production service would use, scaled so that a breaker can open, probe and close
 * within one phase's recovery window.
 */
export interface DrillProfile {
  /** How long each fault stays on, ms. */
  readonly faultMs: number;
  /** How long a fault that comes and goes (flapping) keeps coming, ms: enough pulses to judge. */
  readonly pulsedFaultMs: number;
  /**
   * How long a fault judged by latency and throughput stays on (tail, overload), ms: enough
   * calls for a 99th percentile, and no more.
   */
  readonly loadFaultMs: number;
  /** How long after each fault the drill watches the recovery, ms. */
  readonly recoveryMs: number;
  /** Every bulwark call's overall deadline; a call unsettled past it (plus grace) has hung. */
  readonly deadlineMs: number;
  readonly attemptMs: number;
  readonly breakerOpenMs: number;
  /** One call per side and client every this many ms (an open loop: slow calls pile up). */
  readonly callIntervalMs: number;
  /** Width of a series slice, ms. */
  readonly sliceMs: number;
}

/**
 * About two and three quarter minutes: eight phases of 12 s of fault and 5 s of recovery, then
 * two (tail, overload) of 10 s and 5 s.
 */
export const defaultProfile: DrillProfile = {
  faultMs: 12_000,
  pulsedFaultMs: 12_000,
  loadFaultMs: 10_000,
  recoveryMs: 5_000,
  deadlineMs: 2_000,
  // Room for a choked link (a 4 KB object at 8 KB/s takes about 600 ms) and one retry.
  attemptMs: 900,
  breakerOpenMs: 1_000,
  callIntervalMs: 20,
  sliceMs: 1_000,
};

/**
 * About 35 seconds: the same phases, each 1.5 s of fault and 1.5 s of recovery, but flapping
 * flaps three times (3 s): two flaps are too few to tell a rate from luck; tail and overload
 * last 3 s, for enough calls to judge a 99th percentile by.
 */
export const quickProfile: DrillProfile = {
  faultMs: 1_500,
  pulsedFaultMs: 3_000,
  loadFaultMs: 3_000,
  recoveryMs: 1_500,
  deadlineMs: 1_500,
  attemptMs: 700,
  breakerOpenMs: 400,
  callIntervalMs: 20,
  sliceMs: 250,
};

/**
 * How late past its deadline a call may settle before it counts as hung: timers fire late on a
 * busy event loop, and the drill runs eight clients in one process.
 */
export const hangGraceMs = 500;
