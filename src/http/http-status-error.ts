import type { IncomingHttpHeaders } from 'node:http';
import { parseRetryAfter } from './retry-after.ts';

/** The request an error status answers, as the error names it. */
export interface ExchangeFacts {
  readonly method: string;
  /** The URL as errors show it (redacted). */
  readonly shown: string;
}

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

  /** The error for `status` answered to `request`, with `headers`' Retry-After read. */
  static answering(
    request: ExchangeFacts,
    status: number,
    headers: IncomingHttpHeaders,
    bodyPreview: string,
  ): HttpStatusError {
    return new HttpStatusError({
      status,
      method: request.method,
      url: request.shown,
      retryAfterMs: parseRetryAfter(headers['retry-after']),
      bodyPreview,
    });
  }
}
