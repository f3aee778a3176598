import type { EventBus, PipelineEvent } from 'bulwark';
import type { DrillProfile } from '../drill-profile.ts';
import type { DrillClient, DrillSide } from '../drill-results.ts';

/** One client instance the drill drives: bulwark's, or the raw SDK's. */
export interface SideClient {
  /** Writes a record under `key` that the audit will look for. */
  write(key: string): Promise<void>;
  /** Reads what `key` holds (or nothing, for a key never written). */
  read(key: string): Promise<void>;
  /** Closes the client and its connections. */
  close(): Promise<void>;
  /** Bulwark's events: attempts and breaker transitions. Absent for a raw client. */
  readonly events?: EventBus<PipelineEvent>;
  /** bulwark's concurrency limit now; absent, or undefined, without an adaptive limit. */
  readonly limit?: () => number | undefined;
}

/** Where a side's client connects: the fault proxy (or the HTTP gate in front of it). */
export interface SideAddress {
  readonly host: string;
  readonly port: number;
}

/** How a side's client is opened. */
export interface OpenOptions {
  /**
   * For a server that can be overloaded (the overload phase's): bulwark gets its adaptive
   * concurrency limit. Default false.
   */
  readonly overloadable?: boolean;
}

/** One kind of client under drill: how to open either side, and how to audit writes. */
export interface Workload {
  readonly client: DrillClient;
  /** The endpoint, with no credentials, for the report. */
  readonly target: string;
  /** `host:port` of the service, which the fault proxies forward to. */
  readonly upstream: string;
  /** An HTTP service: an HTTP gate stands in front of the proxy, for throttling. */
  readonly speaksHttp: boolean;
  /**
   * Connections each side's client keeps to the service: with more than one, a slow reply
   * holds up one of them and a hedge can go out on another.
   */
  readonly connections: number;
  /** The kind of a raw client's error, in bulwark's words, so both sides read alike. */
  classify(error: unknown): string;
  /** Whether `write` writes anything the audit can check. */
  readonly writes: boolean;
  /**
   * Whether the service counts each time a write is applied (a counter a repeat adds to), so
   * the audit sees a write applied twice; false where a repeat leaves no trace.
   */
  readonly countsRepeats: boolean;
  /** Creates what the workload needs (a table, a bucket), directly, not through a proxy. */
  prepare(): Promise<void>;
  open(
    side: DrillSide,
    address: SideAddress,
    profile: DrillProfile,
    options?: OpenOptions,
  ): SideClient;
  /**
   * How many times the service applied each of `keys` (written by `side`), asked directly: 0
   * for a key it does not have; where repeats leave no trace, 1 for any key it has.
   */
  applied(side: DrillSide, keys: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Removes what the drill wrote. */
  cleanup(): Promise<void>;
}

/** The policies every bulwark client gets in a drill. */
export function drillPolicies(profile: DrillProfile) {
  return {
    timeout: { attemptMs: profile.attemptMs, totalMs: profile.deadlineMs },
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 50, maxDelayMs: 500 } },
    // The recovery check finds the service back; an open time that doubles while probes
    // fail keeps the calls that probe a dead service few; a call may wait up to a second for
    // the circuit, which carries it through a fault that comes and goes.
    breaker: {
      consecutiveFailures: 5,
      openDurationMs: profile.breakerOpenMs,
      openBackoff: { multiplier: 2, maxDurationMs: 30_000 },
      waitWhileOpenMs: 1_000,
    },
  } as const;
}
