/**
 * What bulwark is given against a slow tail and against overload, in one place: hedging of
 * reads for the clients with more than one connection, and an adaptive concurrency limit that
 * refuses at once what the upstream cannot take. Each bulwark client of the drill gets its own
 * (a limit follows one upstream), and the drill reads the limit to chart it.
 */
export interface LoadPolicies {
  /** Spread into the client's options. */
  readonly options: Record<string, never>;
  /** The client's concurrency limit now; undefined without an adaptive limit. */
  readonly limit: () => number | undefined;
}

/** What a workload says of its client, to choose its load policies. */
export interface LoadPolicyNeeds {
  /** Reads can be hedged: a second connection is there to take the hedge. */
  readonly hedge: boolean;
}

/**
 * The load policies of one bulwark client. Neither hedging nor the adaptive limit is in the
 * library yet (issue 19, part 4): until they land this gives nothing, and the drill's tail and
 * overload phases measure bulwark without them.
 */
export function loadPolicies(needs: LoadPolicyNeeds): LoadPolicies {
  void needs;
  return { options: {}, limit: () => undefined };
}
