import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import * as check from './s3-arguments.ts';
import type { S3CallPath, SendOptions } from './s3-call-path.ts';
import { maxPresignSeconds, presignUrl } from './presign.ts';
import { copySource, objectInfo } from './s3-results.ts';
import { s3Defaults } from './s3-defaults.ts';
import type * as T from './s3-types.ts';
import { sendStreamBody } from './transport/stream-body.ts';

// The single-object operations. Arguments are checked before any I/O; every request is made
// within a pipeline attempt, with the attempt's signal, so a timeout aborts the real request.

export async function putObject(
  path: S3CallPath,
  input: T.PutObjectInput,
  options: T.S3CallOptions,
): Promise<T.PutObjectResult> {
  const op = 'putObject';
  const { bucket, key } = check.checkRef(op, input);
  const { body, length } = check.checkBody(op, input.body, input.contentLength, true);
  check.checkMetadata(op, input.metadata);
  const params = {
    Bucket: bucket,
    Key: key,
    ...(length === undefined ? {} : { ContentLength: length }),
    ...(input.contentType === undefined ? {} : { ContentType: input.contentType }),
    ...(input.metadata === undefined ? {} : { Metadata: { ...input.metadata } }),
  };
  const stream = check.isStream(body) ? body : undefined;
  // A fresh command per attempt: an SDK command is not meant to be sent twice.
  const put = (Body: T.ObjectBody, send: SendOptions) =>
    path.sdk.send(new PutObjectCommand({ ...params, Body }), send);
  try {
    // Bytes and text can be sent again as they are; a stream cannot, so it is not idempotent.
    const out = await path.run(op, stream === undefined, { bucket, key }, options, (send) =>
      stream ? sendStreamBody(stream, send, put) : put(body, send),
    );
    return { etag: out.ETag, versionId: out.VersionId };
  } catch (error) {
    // The call consumes a stream whatever its outcome: a half-read one is of no use, and an
    // open file behind it would leak.
    stream?.destroy();
    throw error;
  }
}

export async function getObject(
  path: S3CallPath,
  input: T.GetObjectInput,
  options: T.S3CallOptions,
): Promise<T.S3Object> {
  const op = 'getObject';
  const { bucket, key } = check.checkRef(op, input);
  const range = check.checkRange(op, input.range);
  return path.run(op, true, { bucket, key }, options, async (send) => {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key, ...range });
    const out = await path.sdk.send(command, send);
    // Read within the attempt: a body that breaks off is retried like any failed attempt, and
    // the SDK's checksum check (at the end of the body) fails the attempt, not the caller.
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { ...objectInfo(out), body };
  });
}

export async function headObject(
  path: S3CallPath,
  input: T.ObjectRef,
  options: T.S3CallOptions,
): Promise<T.ObjectInfo> {
  const { bucket, key } = check.checkRef('headObject', input);
  return path.run('headObject', true, { bucket, key }, options, async (send) => {
    const command = new HeadObjectCommand({ Bucket: bucket, Key: key });
    return objectInfo(await path.sdk.send(command, send));
  });
}

export async function deleteObject(
  path: S3CallPath,
  input: T.ObjectRef,
  options: T.S3CallOptions,
): Promise<void> {
  const { bucket, key } = check.checkRef('deleteObject', input);
  await path.run('deleteObject', true, { bucket, key }, options, (send) =>
    path.sdk.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), send),
  );
}

export async function copyObject(
  path: S3CallPath,
  input: T.CopyObjectInput,
  options: T.S3CallOptions,
): Promise<T.CopyObjectResult> {
  const op = 'copyObject';
  check.checkInput(op, input);
  const from = check.checkRef(op, input.from);
  const to = check.checkRef(op, input.to);
  const params = { Bucket: to.bucket, Key: to.key, CopySource: copySource(from.bucket, from.key) };
  const context = { bucket: to.bucket, key: to.key, fromBucket: from.bucket, fromKey: from.key };
  // Idempotent: copying the same source twice leaves the same object.
  const out = await path.run(op, true, context, options, (send) =>
    path.sdk.send(new CopyObjectCommand(params), send),
  );
  return { etag: out.CopyObjectResult?.ETag };
}

/**
 * A URL that lets its holder GET or PUT one object, without credentials, until it expires.
 * Signing is local (no request is made, so no pipeline call); only resolving credentials from
 * a provider may do I/O.
 */
export async function presignObject(
  path: S3CallPath,
  method: 'GET' | 'PUT',
  input: T.PresignInput,
): Promise<string> {
  const op = method === 'GET' ? 'presignGetObject' : 'presignPutObject';
  const { bucket, key } = check.checkRef(op, input);
  const expiresInSeconds =
    check.checkOptionalInteger(
      op,
      'expiresInSeconds',
      input.expiresInSeconds,
      1,
      maxPresignSeconds,
    ) ?? s3Defaults.presignExpiresInSeconds;
  const credentials = await path.sdk.config.credentials();
  const target = path.presignTarget;
  return presignUrl(
    { ...target, method, bucket, key, expiresInSeconds, now: new Date() },
    credentials,
  );
}
