import { brandErrorClass, type BulwarkErrorCode } from '../../core/error-catalogue.ts';

/** A request to Toxiproxy's REST API failed (`code` is always `BULWARK_TOXIPROXY`). */
export class ToxiproxyError extends Error {
  override readonly name: string = 'ToxiproxyError';
  readonly code = 'BULWARK_TOXIPROXY' satisfies BulwarkErrorCode;
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
brandErrorClass(ToxiproxyError);

/** Toxiproxy's own words from an error answer (`{"error": "proxy not found", ...}`). */
export function errorText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'error' in value) return String(value.error);
  } catch {
    // Not JSON (a reverse proxy's page, say): show the text itself.
  }
  return text.trim().slice(0, 200) || '(empty answer)';
}

/** `ECONNREFUSED`, `timed out after 10000 ms`: what fetch hides behind `fetch failed`. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `timed out after ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause) return String(cause.code);
  return error instanceof Error ? error.message : String(error);
}
