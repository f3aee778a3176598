import type { Readable } from 'node:stream';
import { InvalidOptionError } from '../core/error-catalogue.ts';
import type { PerCallOptions, PipelineOptions } from '../core/pipeline-options.ts';
import { policyOptionKeys } from '../core/resolve-pipeline.ts';
import { checkInteger, checkKeys } from '../core/validate.ts';

/** Options of `createHttpClient`: the pipeline's, plus where and how to connect. */
export interface HttpClientOptions extends Omit<PipelineOptions, 'service' | 'classify' | 'spans'> {
  /** The upstream's name in errors, events and logs (default: the base URL's host). */
  readonly service?: string;
  /** Relative request paths resolve against it (`https://api.internal/v1/`). */
  readonly baseUrl?: string;
  /** Sent with every request; per-request headers win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sockets per origin (default 64). */
  readonly connections?: number;
  /**
   * A request header that tells the server how long the caller still waits, in whole ms
   * (`x-request-timeout-ms`, `grpc-timeout`-like headers of your own): the attempt's time,
   * which is the remaining deadline on a retry, so the server can stop work nobody waits for.
   * Off unless given; never sent when the call has no deadline.
   */
  readonly deadlineHeader?: string;
}

/** Per-request options: every client's, and these. */
export interface RequestOptions extends PerCallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes can be replayed on retry; a stream cannot, so it is sent once. */
  readonly body?: string | Uint8Array | Readable;
  /** Overrides the method's default: true to retry a POST you know is safe. */
  readonly idempotent?: boolean;
  /** The operation's name in logs and metrics (default `METHOD /path`; use a template for paths with ids). */
  readonly operation?: string;
}

const clientKeys = [
  'service',
  'baseUrl',
  'headers',
  'connections',
  'deadlineHeader',
  ...policyOptionKeys,
];

/** A header name: an RFC 9110 token (5.1, 5.6.2). */
const headerToken = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates what the pipeline does not (a bad option throws an error that names it, before any
 * I/O): unknown keys, the connection count, the headers, the deadline header's name. The pipeline checks its own policies.
 */
export function checkHttpOptions(options: HttpClientOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      `bulwark: createHttpClient needs an options object (got ${String(options)})`,
    );
  }
  checkKeys('http', options, clientKeys);
  if (options.connections !== undefined) checkInteger('connections', options.connections, 1);
  if (options.headers !== undefined) checkHeaders('headers', options.headers);
  const deadlineHeader: unknown = options.deadlineHeader;
  if (
    deadlineHeader !== undefined &&
    !(typeof deadlineHeader === 'string' && headerToken.test(deadlineHeader))
  ) {
    throw new InvalidOptionError(
      `bulwark: option deadlineHeader must be a header name such as 'x-request-timeout-ms' (got ${JSON.stringify(deadlineHeader) ?? String(deadlineHeader)})`,
    );
  }
}

/** Headers: an object of strings (a header's value is never logged, so not shown here). */
function checkHeaders(name: string, headers: unknown): void {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new InvalidOptionError(
      `bulwark: option ${name} must be an object of header names to strings (got ${typeof headers})`,
    );
  }
  for (const [key, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new InvalidOptionError(
        `bulwark: option ${name}.${key} must be a string (got ${typeof value})`,
      );
    }
  }
}
