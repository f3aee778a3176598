import { S3Client } from '@aws-sdk/client-s3';
import {
  attachLogger,
  createPipeline,
  createUpstreamError,
  systemClock,
  type CallContext,
  type CallOptions,
  type Classification,
  type Clock,
  type LoggerLike,
  type Pipeline,
  type Subscription,
  type UpstreamError,
} from '../index.ts';
import { withClientCheck } from '../core/breaker/recovery-check.ts';
import { answersHeadBucket } from './answers-head-bucket.ts';
import { classifyWithMarks } from './call-marks.ts';
import { classifyS3 } from './classify-s3.ts';
import { awsEndpoint } from './presign.ts';
import { resolveS3Options, type S3ClientOptions } from './s3-options.ts';
import type { S3CallOptions } from './s3-types.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';
import { closedClientError } from '../core/closed-client-error.ts';
import { driverTimeoutMs } from '../core/driver-timeout.ts';

/**
 * What an attempt hands to `sdk.send` as its handler options: the attempt's signal, which
 * aborts the real request, and its time as the HTTP handler's requestTimeout (from the request
 * to the response's headers; the Node handler reads it per request), so the socket work is
 * bounded by the driver too. Left out when the attempt is unbounded: the handler's own
 * setting (none) applies.
 */
export interface SendOptions {
  readonly abortSignal: AbortSignal;
  readonly requestTimeout?: number;
}

/**
 * What every S3 operation shares: the one SDK client, the one pipeline, and the helpers that
 * put a request through it. Internal; the public face is `BulwarkS3Client`.
 */
export class S3CallPath {
  readonly pipeline: Pipeline;
  readonly sdk: S3Client;
  readonly clock: Clock;
  readonly logger: LoggerLike | undefined;
  readonly streamIdleTimeoutMs: number;
  /** Where presigned URLs point, and how they address buckets. */
  readonly presignTarget: {
    readonly endpoint: URL;
    readonly forcePathStyle: boolean;
    readonly region: string;
  };
  readonly #logs: Subscription | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  /** The bucket of the last call: what the recovery check asks after. */
  #lastBucket: string | undefined;

  constructor(options: S3ClientOptions) {
    const resolved = resolveS3Options(options);
    this.pipeline = createPipeline({
      ...resolved.pipeline,
      classify: classifyWithMarks(classifyS3),
      recoveryCheck: withClientCheck(resolved.pipeline.recoveryCheck, (signal) =>
        answersHeadBucket(this.sdk, this.#lastBucket, signal),
      ),
    });
    this.clock = resolved.pipeline.clock ?? systemClock;
    this.streamIdleTimeoutMs = resolved.streamIdleTimeoutMs;
    this.logger = resolved.logger;
    const { endpoint, region, forcePathStyle } = resolved.target;
    this.presignTarget = {
      endpoint: endpoint === undefined ? awsEndpoint(region) : new URL(endpoint),
      forcePathStyle,
      region,
    };
    this.#logs = resolved.logger && attachLogger(this.pipeline.events, resolved.logger);
    this.sdk = new S3Client(resolved.sdk);
    // With one attempt the SDK's retry step does nothing useful, yet it writes a console
    // warning for every failed stream upload (bulwark reports those as events): it becomes a
    // pass-through. Replaced, not removed: the signing step is placed relative to it.
    this.sdk.middlewareStack.add((next) => (args) => next(args), {
      step: 'finalizeRequest',
      name: 'retryMiddleware',
      priority: 'high',
      tags: ['RETRY'],
      override: true,
    });
  }

  /** Runs `attempt` through the pipeline as one call of `operation` on `context`. */
  run<R>(
    operation: string,
    idempotent: boolean,
    context: CallContext,
    options: S3CallOptions,
    attempt: (send: SendOptions) => Promise<R>,
  ): Promise<R> {
    if (typeof options !== 'object' || options === null) {
      return Promise.reject(
        new InvalidArgumentError(`bulwark: s3 ${operation} options must be an object`),
      );
    }
    const { signal, timeoutMs, attemptTimeoutMs } = options;
    const call = { operation, idempotent, context, signal, timeoutMs, attemptTimeoutMs };
    return this.execute(call, attempt);
  }

  /**
   * The one call path: the pipeline. A call made after `close()` fails at once with the
   * closed-client error, before the pipeline; one made before whose retry would come after it
   * is failed by the pipeline (see `Pipeline.close`), so no new socket is opened.
   */
  execute<R>(call: CallOptions, attempt: (send: SendOptions) => Promise<R>): Promise<R> {
    if (this.#closed) {
      return Promise.reject(closedClientError(this.pipeline.service, call.operation));
    }
    const bucket = call.context?.['bucket'];
    if (typeof bucket === 'string') this.#lastBucket = bucket;
    return this.pipeline.execute(({ signal, timeoutMs }) => {
      const requestTimeout = driverTimeoutMs(timeoutMs);
      const send =
        requestTimeout === undefined
          ? { abortSignal: signal }
          : { abortSignal: signal, requestTimeout };
      return attempt(send);
    }, call);
  }

  /** An UpstreamError for what fails outside a pipeline call (a stream body, lib-storage). */
  error(
    operation: string,
    context: CallContext,
    started: number,
    attempts: number,
    c: Classification,
    cause: unknown,
  ): UpstreamError {
    return createUpstreamError({
      service: this.pipeline.service,
      operation,
      kind: c.kind,
      retriable: c.retriable,
      attempts,
      elapsedMs: this.clock.now() - started,
      reason: c.reason ?? c.kind,
      upstreamCode: c.code,
      status: c.status,
      context,
      cause,
    });
  }

  /** See `BulwarkS3Client.close`: the calls settle first, then the sockets are destroyed. */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.pipeline.close().then(() => {
      this.#logs?.dispose();
      this.pipeline.dispose();
      // Destroys the HTTP agents: the keep-alive sockets, idle by now, close.
      this.sdk.destroy();
    });
    return this.#closing;
  }
}
