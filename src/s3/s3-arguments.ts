import { Readable } from 'node:stream';
import type { ObjectBody } from './s3-types.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

/**
 * Argument checks that run before any I/O: a bad bucket, key or body throws a TypeError that
 * names the operation and the argument, instead of a signed request S3 then refuses (or, for
 * an empty key, a request that silently addresses the bucket itself).
 */

function fail(operation: string, what: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new InvalidArgumentError(`bulwark: s3 ${operation} needs ${what} (got ${shown})`);
}

// S3's rules for bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and
// ending with a letter or digit. (Legacy us-east-1 names outside them cannot be created today.)
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The input object itself, before any of its fields is read. */
export function checkInput<T extends object>(operation: string, input: T): T {
  if (typeof input !== 'object' || input === null) fail(operation, 'an input object', input);
  return input;
}

export function checkBucket(operation: string, bucket: unknown): string {
  if (typeof bucket !== 'string' || !bucketName.test(bucket) || bucket.includes('..')) {
    fail(operation, 'bucket to be an S3 bucket name (3-63 of a-z, 0-9, ".", "-")', bucket);
  }
  return bucket;
}

export function checkKey(operation: string, key: unknown): string {
  // An empty key would address the bucket, not an object; S3 caps keys at 1024 UTF-8 bytes.
  if (typeof key !== 'string' || key === '' || Buffer.byteLength(key) > 1024) {
    fail(operation, 'key to be a non-empty string of at most 1024 UTF-8 bytes', key);
  }
  return key;
}

/** A Node stream (of this or any installed copy of Node's stream module). */
export function isStream(body: unknown): body is Readable {
  return (
    body instanceof Readable ||
    (typeof body === 'object' &&
      body !== null &&
      typeof (body as { pipe?: unknown }).pipe === 'function' &&
      typeof (body as { on?: unknown }).on === 'function')
  );
}

/** The body, and its length in bytes when it is known. */
export function checkBody(
  operation: string,
  body: unknown,
  contentLength: unknown,
  streamNeedsLength: boolean,
): { body: ObjectBody; length: number | undefined } {
  if (contentLength !== undefined) {
    if (
      typeof contentLength !== 'number' ||
      !Number.isSafeInteger(contentLength) ||
      contentLength < 0
    )
      fail(operation, 'contentLength to be an integer >= 0', contentLength);
  }
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (contentLength !== undefined && contentLength !== length)
      fail(operation, `contentLength to match the body's ${length} bytes`, contentLength);
    return { body, length };
  }
  if (isStream(body)) {
    // S3 needs the length before the first byte; a stream cannot say it.
    if (streamNeedsLength && contentLength === undefined)
      fail(operation, 'contentLength with a stream body (or use uploadMultipart)', contentLength);
    return { body, length: contentLength };
  }
  return fail(operation, 'body to be a Buffer, a Uint8Array, a string or a Readable', body);
}

/** User metadata: string values only (S3 sends them as headers). */
export function checkMetadata(operation: string, metadata: unknown): void {
  if (metadata === undefined) return;
  if (typeof metadata !== 'object' || metadata === null)
    fail(operation, 'metadata to be an object', metadata);
  for (const [name, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') fail(operation, `metadata.${name} to be a string`, value);
  }
}

/** An optional positive integer (a page or part size), within bounds. */
export function checkOptionalInteger(
  operation: string,
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(operation, `${name} to be an integer from ${min} to ${max}`, value);
  return value;
}

/** The input object and its bucket and key. */
export function checkRef(operation: string, input: unknown): { bucket: string; key: string } {
  const ref = checkInput(operation, input as object) as { bucket?: unknown; key?: unknown };
  return { bucket: checkBucket(operation, ref.bucket), key: checkKey(operation, ref.key) };
}

/** An HTTP byte range, as the SDK's `Range` parameter (or nothing). */
export function checkRange(operation: string, range: unknown): { Range?: string } {
  if (range === undefined) return {};
  if (typeof range !== 'string' || !/^bytes=(\d+-\d*|-\d+)$/.test(range))
    fail(operation, 'range like "bytes=0-1023"', range);
  return { Range: range };
}
