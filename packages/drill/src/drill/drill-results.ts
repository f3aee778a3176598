/**
 * What a drill found: the JSON that `--json` writes, the input of the scorecard and of the HTML
 * report. Plain data (no classes, no Dates), so it serialises as is and a saved file can be
 * rendered again. Times are ms since the drill's start unless a name says otherwise.
 */

/** The clients a drill drives. */
export const drillClients = ['s3', 'postgres', 'redis', 'http'] as const;
export type DrillClient = (typeof drillClients)[number];

/** Each client runs twice side by side: through bulwark, and raw (the same SDK without it). */
export const drillSides = ['bulwark', 'raw'] as const;
export type DrillSide = (typeof drillSides)[number];

/** The fault phases, in the order they run. `throttle` runs for HTTP and S3 only. */
export const phaseNames = [
  'baseline',
  'latency',
  'bandwidth',
  'blackhole',
  'reset',
  'down',
  'flapping',
  'throttle',
] as const;
export type PhaseName = (typeof phaseNames)[number];

/** From `startMs` to `endMs`. */
export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** One phase as it ran: its fault acts from `startMs` to `faultEndMs`, then it recovers. */
export interface PhaseSpan {
  readonly name: PhaseName;
  /** What the fault was, for people: "blackhole: no bytes pass, connections stay open". */
  readonly description: string;
  readonly startMs: number;
  readonly faultEndMs: number;
  readonly endMs: number;
  /**
   * When the fault was really on: one window for a steady fault (the baseline's is no fault at
   * all), one per pulse for a fault that comes and goes (flapping). Each runs from just before
   * the fault was switched on to just after it was switched off, so it holds the whole fault.
   */
  readonly faultWindows: readonly TimeWindow[];
  /**
   * The service cannot serve while the fault is on (blackhole, reset, down, flapping): bulwark
   * must spare it, at most one attempt in ten of the calls made meanwhile.
   */
  readonly outage: boolean;
  /** The clients this phase applied to (throttle: HTTP and S3 only). */
  readonly clients: readonly DrillClient[];
}

/** Calls that started within one time slice of one client side. */
export interface SeriesPoint {
  /** Start of the slice. */
  readonly atMs: number;
  readonly calls: number;
  readonly errors: number;
  /** Latency percentiles of the calls that ended, ms; null when none did. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

/** A breaker state change, as bulwark reported it. */
export interface BreakerTransition {
  readonly atMs: number;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** One client side's figures over one phase: a row of the scorecard. */
export interface PhaseScore {
  readonly phase: PhaseName;
  readonly calls: number;
  readonly succeeded: number;
  /** succeeded / calls, 0..1; null when no call was made. */
  readonly successRate: number | null;
  /**
   * Calls that succeeded within the deadline itself (no grace), less writes the service
   * applied twice: what the caller was really served.
   */
  readonly served: number;
  /** Latency of calls that ended (successes and failures), ms. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  /** Calls still unsettled past the drill's deadline (bulwark promises zero). */
  readonly hung: number;
  /** Attempts on the wire per logical call; null where it cannot be counted (raw drivers). */
  readonly attemptsPerCall: number | null;
  /** Calls started while the fault was on (its windows); null where the phase is no outage. */
  readonly faultCalls: number | null;
  /**
   * Attempts that started while the fault was on, each one sent towards the service (a call
   * the breaker refused makes none); null where the phase is no outage or attempts cannot be
   * counted (a raw driver behind a plain TCP proxy).
   */
  readonly faultAttempts: number | null;
  /**
   * bulwark's recovery checks that went out while the fault was on (made by no call, so no
   * attempt); null where the phase is no outage, and for raw clients.
   */
  readonly faultChecks: number | null;
  /** How long the fault was on within the phase, ms; null where the phase is no outage. */
  readonly faultMs: number | null;
  /** Breaker transitions within the phase; null for raw clients, which have no breaker. */
  readonly breakerTransitions: number | null;
  /**
   * ms from the fault's end to the first success of a call started after it; 0 when the fault
   * did no harm; null when it never recovered within the phase.
   */
  readonly recoveryMs: number | null;
  /** Error kinds seen, with counts ("timeout": 12). */
  readonly errors: Readonly<Record<string, number>>;
}

/** What a client side left behind once closed, and what it lost. */
export interface SideAudit {
  /** Sockets to the upstream still open after the client was closed. */
  readonly leakedSockets: number;
  /** Writes the client reported done that the service does not have. */
  readonly lostWrites: number;
  /** Writes the client reported done, all checked. */
  readonly acknowledgedWrites: number;
  /**
   * Writes (acknowledged or not) the service applied more than once; null where a repeat
   * leaves no trace (an S3 PUT of the same object) or the workload writes nothing.
   */
  readonly doubledWrites: number | null;
  /** Every write the client sent, whatever its outcome. */
  readonly attemptedWrites: number;
}

export interface SideResults {
  readonly side: DrillSide;
  readonly phases: readonly PhaseScore[];
  readonly series: readonly SeriesPoint[];
  /** Empty for raw clients. */
  readonly breaker: readonly BreakerTransition[];
  readonly audit: SideAudit;
}

export interface ClientResults {
  readonly client: DrillClient;
  /** The endpoint drilled, with no credentials ("postgres://127.0.0.1:5432/app"). */
  readonly target: string;
  readonly sides: readonly SideResults[];
}

/** What bulwark promises; each broken one is listed, and the drill exits 1. */
export type PromiseName =
  | 'no_hang'
  | 'no_leak'
  | 'no_lost_write'
  | 'no_double_write'
  | 'recovers'
  | 'recovers_as_raw'
  | 'serves_as_raw'
  | 'serves_through_flapping'
  | 'spares_the_service'
  | 'checks_sparingly';

/** A promise bulwark broke: the reason the drill exits non-zero. */
export interface BrokenPromise {
  readonly client: DrillClient;
  readonly phase: PhaseName | undefined;
  readonly promise: PromiseName;
  readonly detail: string;
}

export interface DrillResults {
  readonly version: 1;
  /** ISO time the drill started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** `embedded` (services the drill started) or `external` (the user's endpoints). */
  readonly mode: 'embedded' | 'external';
  readonly quick: boolean;
  /** The deadline every call is held to; a call unsettled past it has hung. */
  readonly deadlineMs: number;
  /** Width of a series slice, ms. */
  readonly sliceMs: number;
  readonly phases: readonly PhaseSpan[];
  readonly clients: readonly ClientResults[];
  /** Empty when bulwark kept every promise. */
  readonly broken: readonly BrokenPromise[];
}
