/**
 * What an attempt throws when the server answers with an error status. It is the classifier's
 * input (the caller sees the pipeline's UpstreamError, with this as its cause); its message
 * names the method and the URL with credentials and secret query values redacted.
 */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  readonly status: number;
  readonly method: string;
  /** The URL, redacted. */
  readonly url: string;
  readonly retryAfterMs: number | undefined;
  /** The start of the response body, for the server's own account of the error. */
  readonly bodyPreview: string;

  constructor(facts: {
    status: number;
    method: string;
    url: string;
    retryAfterMs: number | undefined;
    bodyPreview: string;
  }) {
    super(`HTTP ${facts.status} from ${facts.method} ${facts.url}`);
    this.status = facts.status;
    this.method = facts.method;
    this.url = facts.url;
    this.retryAfterMs = facts.retryAfterMs;
    this.bodyPreview = facts.bodyPreview;
  }
}
