import { AdaptiveBulkhead } from 'bulwark';

/**
 * What bulwark is given against a slow tail and against overload, in one place: hedging of
 * reads for the clients with more than one connection, and an adaptive concurrency limit that
 * refuses at once what an upstream cannot take. Each bulwark client of the drill gets its own
 * (a limit follows one upstream), and the drill reads the limit to chart it.
 */
export interface LoadPolicies {
  /** Spread into the client's options. */
  readonly options: {
    readonly bulkhead?: AdaptiveBulkhead;
    readonly hedge?: typeof hedgeOptions;
  };
  /** The client's concurrency limit now; undefined without an adaptive limit. */
  readonly limit: () => number | undefined;
}

/** What a workload says of its client, to choose its load policies. */
export interface LoadPolicyNeeds {
  /** Reads can be hedged: a second connection is there to take the hedge. */
  readonly hedge: boolean;
  /** The client talks to a server that can be overloaded (the overload phase's). */
  readonly overloadable: boolean;
}

/**
 * Hedges go out after the operation's recent p90, and never before 50 ms, at most one per ten
 * calls (bulwark's default share). Not the default p95: with one reply in twenty slow, the
 * p95 of answer times falls on the slow replies themselves, and a hedge sent then is too late.
 * The floor keeps the p90 of a fast service (a few ms, where the scheduler's noise is most of
 * it) from sending hedges after calls that were never slow. Two hedges at most: a PostgreSQL
 * hedge of a read bulwark inferred runs as a READ ONLY transaction, three replies of which any
 * can be held up too (a third of the hedges were, in the drill's tail), and a second hedge
 * gets past the first.
 */
const hedgeOptions = { percentile: 0.9, floorMs: 50, maxHedges: 2 } as const;

/**
 * The load policies of one bulwark client. The limit follows latency (gradient, bulwark's
 * defaults) and keeps no queue: a call over it is refused at once (`bulkhead_full`). It is
 * given only where the drill overloads a server: the gradient takes any lasting rise in
 * latency for overload, so under the latency, bandwidth and outage phases it refused calls
 * that the raw driver served (a drill with it on every client broke serves_as_raw there).
 */
export function loadPolicies(needs: LoadPolicyNeeds): LoadPolicies {
  const hedge = needs.hedge ? { hedge: hedgeOptions } : {};
  if (!needs.overloadable) return { options: hedge, limit: () => undefined };
  const bulkhead = new AdaptiveBulkhead({ adaptive: true, maxQueue: 0 });
  return { options: { ...hedge, bulkhead }, limit: () => bulkhead.limit };
}
