import type { IncomingHttpHeaders } from 'node:http';

/** A response whose body was read in full (so its socket went back to the pool). */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  text(): string;
  /** The body parsed as JSON; throws a SyntaxError naming the status when it is not JSON. */
  json<T = unknown>(): T;
}

export function bufferedResponse(
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): HttpResponse {
  return {
    status,
    headers,
    body,
    text: () => body.toString('utf8'),
    json<T>(): T {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch (error) {
        throw new SyntaxError(`HTTP ${status} response is not JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
    },
  };
}
