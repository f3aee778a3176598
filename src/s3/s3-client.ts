import type { CircuitBreaker, EventBus, KeyedBreakers, Pipeline, PipelineEvent } from '../index.ts';
import { createBucket, deleteBucket, ensureBucket } from './bucket-operations.ts';
import type { BulwarkClient } from '../core/bulwark-client.ts';
import { deleteObjects, listObjects } from './bulk-operations.ts';
import { getObjectStream } from './get-object-stream.ts';
import { uploadMultipart } from './multipart-upload.ts';
import {
  copyObject,
  deleteObject,
  getObject,
  headObject,
  presignObject,
  putObject,
} from './object-operations.ts';
import { S3CallPath } from './s3-call-path.ts';
import type { S3ClientOptions } from './s3-options.ts';
import type * as T from './s3-types.ts';

/**
 * An S3 client whose every request runs through one bulwark pipeline: retries with backoff
 * (the SDK's own are off, so attempts never multiply), circuit breaker, rate limit, timeouts
 * that abort the real request (whose time is the SDK handler's requestTimeout too), and bulkhead. Failures are UpstreamErrors whose `context`
 * names the bucket and key; every attempt, retry and breaker change is an event on
 * `pipeline.events` (and a log record, given a `logger`).
 *
 * Arguments are checked before any I/O: a bad bucket, key or body is a TypeError. Make one
 * client per S3 endpoint, share it, and `close()` it when done.
 */
export class BulwarkS3Client implements BulwarkClient {
  readonly #path: S3CallPath;

  constructor(options: S3ClientOptions) {
    this.#path = new S3CallPath(options);
  }

  /** The upstream's name in errors, events and logs. */
  get service(): string {
    return this.pipeline.service;
  }

  /** Every attempt, retry, rejection, timeout, breaker transition and outcome (for `attachLogger`). */
  get events(): EventBus<PipelineEvent> {
    return this.pipeline.events;
  }

  /** The circuit breaker, to read its state or isolate/reset it by hand; undefined when keyed. */
  get breaker(): CircuitBreaker | undefined {
    return this.pipeline.breaker;
  }

  /** A keyed breaker's circuits, one per key (`breaker: { keyed }`); undefined otherwise. */
  get breakers(): KeyedBreakers | undefined {
    return this.pipeline.breakers;
  }

  /** The pipeline every request runs through: subscribe to `events`, read `breaker.state`. */
  get pipeline(): Pipeline {
    return this.#path.pipeline;
  }

  /**
   * Stores an object. Bytes and text are retried like any idempotent request; a stream body
   * needs `contentLength`, is read once and never sent again, and is destroyed if the call fails.
   */
  putObject(input: T.PutObjectInput, options: T.S3CallOptions = {}): Promise<T.PutObjectResult> {
    return putObject(this.#path, input, options);
  }

  /** Reads a whole object into memory; the body is read within the attempt, so retried too. */
  getObject(input: T.GetObjectInput, options: T.S3CallOptions = {}): Promise<T.S3Object> {
    return getObject(this.#path, input, options);
  }

  /**
   * Opens an object as a stream. Timeouts and retries cover the wait for the response; the
   * body has no deadline, but ends with an UpstreamError after `streamIdleTimeoutMs` without a
   * byte while it is read. Read it to the end or destroy it: either frees the socket.
   */
  getObjectStream(
    input: T.GetObjectInput,
    options: T.S3CallOptions = {},
  ): Promise<T.S3ObjectStream> {
    return getObjectStream(this.#path, input, options);
  }

  /** Reads an object's metadata; a missing object is an UpstreamError of kind `not_found`. */
  headObject(input: T.ObjectRef, options: T.S3CallOptions = {}): Promise<T.ObjectInfo> {
    return headObject(this.#path, input, options);
  }

  /** Deletes an object; deleting one that is not there succeeds, as in S3. */
  deleteObject(input: T.ObjectRef, options: T.S3CallOptions = {}): Promise<void> {
    return deleteObject(this.#path, input, options);
  }

  /** Deletes many objects in requests of up to 1000 keys; keys S3 refused are returned. */
  deleteObjects(
    input: T.DeleteObjectsInput,
    options: T.S3CallOptions = {},
  ): Promise<T.DeleteObjectsResult> {
    return deleteObjects(this.#path, input, options);
  }

  /**
   * Lists objects page by page, each page one request through the pipeline.
   *
   * @example
   * for await (const page of s3.listObjects({ bucket, prefix: 'logs/' })) use(page.objects);
   */
  listObjects(
    input: T.ListObjectsInput,
    options: T.S3CallOptions = {},
  ): AsyncIterable<T.ObjectPage> {
    return listObjects(this.#path, input, options);
  }

  /** Copies an object on the server side. */
  copyObject(input: T.CopyObjectInput, options: T.S3CallOptions = {}): Promise<T.CopyObjectResult> {
    return copyObject(this.#path, input, options);
  }

  /**
   * Uploads a large body (bytes, text, or a stream of any length) in parts, each part its own
   * retried request. If the upload fails it is aborted, so no orphan parts remain. `timeoutMs`
   * and `attemptTimeoutMs` apply to each request, the caller's signal to the whole upload.
   */
  uploadMultipart(
    input: T.UploadMultipartInput,
    options: T.S3CallOptions = {},
  ): Promise<T.UploadMultipartResult> {
    return uploadMultipart(this.#path, input, options);
  }

  /**
   * A URL that lets anyone holding it download the object until it expires (default 15 min),
   * signed locally with this client's credentials.
   */
  presignGetObject(input: T.PresignInput): Promise<string> {
    return presignObject(this.#path, 'GET', input);
  }

  /** A URL that lets anyone holding it upload the object (a plain HTTP PUT) until it expires. */
  presignPutObject(input: T.PresignInput): Promise<string> {
    return presignObject(this.#path, 'PUT', input);
  }

  /** Creates a bucket; one that exists already is an UpstreamError (see `ensureBucket`). */
  createBucket(input: T.BucketRef, options: T.S3CallOptions = {}): Promise<void> {
    return createBucket(this.#path, input, options);
  }

  /** Makes sure a bucket exists and is ours, creating it unless it already is. */
  ensureBucket(input: T.BucketRef, options: T.S3CallOptions = {}): Promise<T.EnsureBucketResult> {
    return ensureBucket(this.#path, input, options);
  }

  /** Deletes an empty bucket. */
  deleteBucket(input: T.BucketRef, options: T.S3CallOptions = {}): Promise<void> {
    return deleteBucket(this.#path, input, options);
  }

  /**
   * Closes the client, as every bulwark client's `close()` does: calls made from now on fail at
   * once with an UpstreamError of kind `client`; calls with an attempt on its way finish (each
   * within its deadline); a call that would send another attempt (a retry, or a first attempt
   * it was still queued for) fails at once with that same error. Resolves once every call has
   * settled and every socket is closed; nothing that closing does counts against the breaker or
   * is reported as the upstream's failure. Idempotent.
   */
  close(): Promise<void> {
    return this.#path.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/**
 * Makes an S3 client; every option is checked here, before any I/O.
 *
 * @example
 * const s3 = createS3Client({
 *   endpoint: 'http://127.0.0.1:9000', // MinIO; leave out for AWS
 *   region: 'us-east-1',
 *   credentials: { accessKeyId, secretAccessKey },
 *   retry: { maxAttempts: 3 },
 *   breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
 *   timeout: { attemptMs: 5_000, totalMs: 20_000 },
 *   logger: pino(),
 * });
 * await s3.putObject({ bucket: 'media', key: 'a.txt', body: 'hello' });
 * const { body } = await s3.getObject({ bucket: 'media', key: 'a.txt' });
 * s3.close();
 */
export function createS3Client(options: S3ClientOptions): BulwarkS3Client {
  return new BulwarkS3Client(options);
}
