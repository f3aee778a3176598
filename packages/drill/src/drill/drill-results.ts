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

/**
 * The fault phases, in the order they run. `throttle` runs for HTTP and S3 only, `tail` for
 * the clients with more than one connection, `overload` for HTTP only.
 */
export const phaseNames = [
  'baseline',
  'latency',
  'bandwidth',
  'blackhole',
  'reset',
  'down',
  'flapping',
  'throttle',
  'tail',
  'overload',
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
  /** The clients this phase applied to (throttle: HTTP and S3 only; tail, overload: fewer). */
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
  /** Calls of the slice served within the deadline (goodput is this per second of slice). */
  readonly served?: number;
  /** bulwark's hedges sent in the slice; absent for raw clients. */
  readonly hedges?: number;
  /**
   * bulwark's concurrency limit at the slice's end; null before any was read, absent where
   * the client has no adaptive limit.
   */
  readonly limit?: number | null;
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
  /** The tail phase's own figures, judged by its goals; absent in other phases. */
  readonly tail?: TailScore;
  /** The overload phase's own figures, judged by its goals; absent in other phases. */
  readonly overload?: OverloadScore;
}

/** While replies came late now and then (the tail phase's fault windows). */
export interface TailScore {
  /** Reads started while the fault was on. */
  readonly reads: number;
  /** Their latency's 99th percentile, ms; null when none ended. */
  readonly readP99Ms: number | null;
  /** Calls (reads and writes) started while the fault was on. */
  readonly calls: number;
  /**
   * Attempts past one per call, per call (0.04: four extra attempts per hundred calls); null
   * where attempts cannot be counted.
   */
  readonly extraAttempts: number | null;
  /** bulwark's hedges sent, and of them the ones that answered first; null for raw clients. */
  readonly hedges: number | null;
  readonly hedgesWon: number | null;
}

/** While the side's own server was offered twice what it can serve (the overload phase). */
export interface OverloadScore {
  /** Requests a second the side's server serves at most. */
  readonly capacityPerS: number;
  /** The server's p99 with nobody else asking, measured before the drill, ms. */
  readonly unloadedP99Ms: number;
  /** Calls started while the fault was on. */
  readonly calls: number;
  /** Calls served within the deadline per second of fault. */
  readonly goodputPerS: number;
  /** p99 latency of the served calls, ms; null when none was served. */
  readonly servedP99Ms: number | null;
  /** Calls the concurrency limit refused (`bulkhead_full`). */
  readonly refused: number;
  /** p99 of the time a refused call took to be told, ms; null when none was refused. */
  readonly refusalP99Ms: number | null;
  /** The lowest and highest concurrency limit seen; null without an adaptive limit. */
  readonly limitMin: number | null;
  readonly limitMax: number | null;
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
  | 'checks_sparingly'
  | 'cuts_the_tail'
  | 'hedges_sparingly'
  | 'keeps_goodput'
  | 'bounds_latency'
  | 'refuses_fast';

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
