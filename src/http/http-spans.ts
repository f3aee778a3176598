import type { Attempt } from '../core/attempt/attempt.ts';
import type { SpanConventions } from '../core/pipeline-options.ts';
import { annotateAttempt } from '../core/telemetry/call-tracing.ts';
import type { HttpResponse } from './http-response.ts';

/** The server of a request's URL (as the log context shows it, credentials redacted). */
function serverOf(shown: string): { 'server.address'?: string; 'server.port'?: number } {
  let url: URL;
  try {
    url = new URL(shown);
  } catch {
    return {};
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { 'server.address': url.hostname, 'server.port': port };
}

/**
 * Spans of HTTP requests by the OpenTelemetry conventions for HTTP clients: named after the
 * method, with `http.request.method`, `url.full` (credentials and secret query values
 * redacted, as in logs), the server, `http.request.resend_count` on a resend, and
 * `http.response.status_code` once an answer came.
 */
export const httpSpans: SpanConventions = {
  name: ({ context }) => String(context?.['method'] ?? 'HTTP'),
  attributes: ({ context }) => {
    const method = context?.['method'];
    const url = context?.['url'];
    return {
      ...(typeof method === 'string' ? { 'http.request.method': method } : {}),
      ...(typeof url === 'string' ? { 'url.full': url, ...serverOf(url) } : {}),
    };
  },
  attempt: (attempt) => (attempt > 1 ? { 'http.request.resend_count': attempt - 1 } : {}),
};

/** Puts the answer's status on the attempt's span, as the conventions ask once one came. */
export function annotateStatus(attempt: Attempt, status: number): void {
  annotateAttempt(attempt, { 'http.response.status_code': status });
}

/** The response, its status put on the attempt's span first. */
export function withStatusOnSpan(attempt: Attempt, response: HttpResponse): HttpResponse {
  annotateStatus(attempt, response.status);
  return response;
}
