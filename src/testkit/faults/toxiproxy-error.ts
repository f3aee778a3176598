/** A request to Toxiproxy's REST API failed (`code` is always `BULWARK_TOXIPROXY`). */
export class ToxiproxyError extends Error {
  override readonly name: string = 'ToxiproxyError';
  readonly code = 'BULWARK_TOXIPROXY';
  /** What was being done, naming the proxy and toxic: `add toxic "t1" to proxy "p1"`. */
  readonly operation: string;
  /** Toxiproxy's HTTP status; undefined when no answer came (refused, timed out). */
  readonly status: number | undefined;
  /** Toxiproxy's own error text (`proxy not found`), or the network error's message. */
  readonly reason: string;

  constructor(facts: {
    readonly operation: string;
    readonly apiUrl: string;
    readonly status: number | undefined;
    readonly reason: string;
    readonly cause?: unknown;
  }) {
    const answer =
      facts.status === undefined
        ? `no answer from ${facts.apiUrl}: ${facts.reason}`
        : `HTTP ${facts.status}: ${facts.reason}`;
    super(
      `toxiproxy: cannot ${facts.operation} (${answer})`,
      facts.cause === undefined ? undefined : { cause: facts.cause },
    );
    this.operation = facts.operation;
    this.status = facts.status;
    this.reason = facts.reason;
  }
}
