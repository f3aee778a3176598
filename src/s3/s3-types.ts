import type { PerCallOptions } from '../core/pipeline-options.ts';
import type { Readable } from 'node:stream';

/**
 * An object's body: bytes (a Buffer is a Uint8Array), text (sent as UTF-8), or a stream. A
 * stream is read once: a call whose stream was partly sent is never repeated.
 */
export type ObjectBody = Uint8Array | string | Readable;

/** Per-call tuning, accepted by every operation. */
export type S3CallOptions = PerCallOptions;

/** Where an object lives. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/** A bucket, by name. */
export interface BucketRef {
  readonly bucket: string;
}

export interface PutObjectInput extends ObjectRef {
  readonly body: ObjectBody;
  /** Required for a stream body (S3 needs the length up front); checked for bytes and text. */
  readonly contentLength?: number | undefined;
  readonly contentType?: string | undefined;
  /** User metadata (`x-amz-meta-*`). */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

export interface PutObjectResult {
  readonly etag: string | undefined;
  readonly versionId: string | undefined;
}

/** What S3 says about an object, without its body. */
export interface ObjectInfo {
  readonly contentLength: number | undefined;
  readonly contentType: string | undefined;
  readonly etag: string | undefined;
  readonly lastModified: Date | undefined;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface GetObjectInput extends ObjectRef {
  /** An HTTP range (`bytes=0-1023`) to read part of the object. */
  readonly range?: string | undefined;
}

/** An object read whole into memory. */
export interface S3Object extends ObjectInfo {
  readonly body: Buffer;
}

/**
 * An object being read as a stream. Read it to the end or destroy it: either frees the socket.
 * It ends with an UpstreamError if the connection breaks or the server falls silent.
 */
export interface S3ObjectStream extends ObjectInfo {
  readonly body: Readable;
}

export interface DeleteObjectsInput extends BucketRef {
  /** Sent in batches of 1000, S3's limit per request. */
  readonly keys: readonly string[];
}

export interface DeleteObjectsResult {
  readonly deleted: readonly string[];
  /** Keys S3 refused to delete, with its code and message for each. */
  readonly errors: ReadonlyArray<{
    readonly key: string;
    readonly code: string;
    readonly message: string;
  }>;
}

export interface ListObjectsInput extends BucketRef {
  readonly prefix?: string | undefined;
  /** Groups keys by this separator into `commonPrefixes` (`/` lists one "folder" level). */
  readonly delimiter?: string | undefined;
  /** Keys per page, at most 1000. */
  readonly pageSize?: number | undefined;
}

export interface ListedObject {
  readonly key: string;
  readonly size: number;
  readonly etag: string | undefined;
  readonly lastModified: Date | undefined;
}

/** One page of a listing. */
export interface ObjectPage {
  readonly objects: readonly ListedObject[];
  readonly commonPrefixes: readonly string[];
}

export interface CopyObjectInput {
  readonly from: ObjectRef;
  readonly to: ObjectRef;
}

export interface CopyObjectResult {
  readonly etag: string | undefined;
}

export interface UploadMultipartInput extends ObjectRef {
  /** A stream of any (even unknown) length is fine here: it is cut into buffered parts. */
  readonly body: ObjectBody;
  readonly contentType?: string | undefined;
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /** Bytes per part, at least 5 MiB (default 8 MiB). */
  readonly partSize?: number | undefined;
  /** Parts in flight at once (default 4). */
  readonly queueSize?: number | undefined;
}

export interface UploadMultipartResult {
  readonly etag: string | undefined;
  readonly versionId: string | undefined;
}

export interface EnsureBucketResult {
  /** False when the bucket was there already (and ours). */
  readonly created: boolean;
}

export interface PresignInput extends ObjectRef {
  /** How long the URL works, from 1 s to 7 days (default 900 s). */
  readonly expiresInSeconds?: number | undefined;
}
