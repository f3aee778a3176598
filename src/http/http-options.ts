import type { Readable } from 'node:stream';
import type { PipelineOptions } from '../core/pipeline-options.ts';

/** Options of `createHttpClient`: the pipeline's, plus where and how to connect. */
export interface HttpClientOptions extends Omit<PipelineOptions, 'service' | 'classify'> {
  /** The upstream's name in errors, events and logs (default: the base URL's host). */
  readonly service?: string;
  /** Relative request paths resolve against it (`https://api.internal/v1/`). */
  readonly baseUrl?: string;
  /** Sent with every request; per-request headers win. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sockets per origin (default 64). */
  readonly connections?: number;
}

/** Per-request options. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes can be replayed on retry; a stream cannot, so it is sent once. */
  readonly body?: string | Uint8Array | Readable;
  /** Overrides the method's default: true to retry a POST you know is safe. */
  readonly idempotent?: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly attemptTimeoutMs?: number;
  /** The operation's name in logs and metrics (default `METHOD /path`; use a template for paths with ids). */
  readonly operation?: string;
}
