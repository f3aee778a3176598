import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isUpstreamError, type CallOptions } from '../index.ts';
import * as check from './s3-arguments.ts';
import type { S3CallPath } from './s3-call-path.ts';
import { s3Defaults } from './s3-defaults.ts';
import type * as T from './s3-types.ts';

/** One command as `S3Client.send` takes it. */
type AnyCommand = Parameters<S3Client['send']>[0];

/** What one multipart upload needs, checked. */
interface MultipartPlan {
  readonly bucket: string;
  readonly key: string;
  readonly body: T.ObjectBody;
  readonly contentType: string | undefined;
  readonly metadata: Readonly<Record<string, string>> | undefined;
  readonly partSize: number;
  readonly queueSize: number;
}

// S3's bounds: parts of at least 5 MiB (but the last); more parts in flight than this only
// buffer more memory (partSize x queueSize) without going faster.
const minPartSize = 5 * 1024 * 1024;
const maxQueueSize = 64;

export async function uploadMultipart(
  path: S3CallPath,
  input: T.UploadMultipartInput,
  options: T.S3CallOptions,
): Promise<T.UploadMultipartResult> {
  const op = 'uploadMultipart';
  const { bucket, key } = check.checkRef(op, input);
  const { body } = check.checkBody(op, input.body, undefined, false);
  check.checkMetadata(op, input.metadata);
  const plan: MultipartPlan = {
    bucket,
    key,
    body,
    contentType: input.contentType,
    metadata: input.metadata,
    partSize:
      check.checkOptionalInteger(op, 'partSize', input.partSize, minPartSize) ??
      s3Defaults.partSize,
    queueSize:
      check.checkOptionalInteger(op, 'queueSize', input.queueSize, 1, maxQueueSize) ??
      s3Defaults.queueSize,
  };
  const started = path.clock.now();
  try {
    const out = await uploadInParts(path, plan, options);
    return { etag: out.ETag, versionId: out.VersionId };
  } catch (error) {
    if (check.isStream(body)) body.destroy();
    if (isUpstreamError(error)) throw error;
    // Not a request's failure: lib-storage's own checks, or the body stream breaking.
    const message = error instanceof Error ? error.message : String(error);
    const reason = `the upload failed: ${message}`;
    const c = { kind: 'client', retriable: false, reason } as const;
    throw path.error(op, { bucket, key }, started, 0, c, error);
  }
}

/** Each command lib-storage sends: its operation name, and whether a repeat is harmless. */
function describe(command: AnyCommand): { operation: string; idempotent: boolean } {
  // A part sent twice replaces itself; the same holds for a whole small object.
  if (command instanceof UploadPartCommand) return { operation: 'uploadPart', idempotent: true };
  if (command instanceof PutObjectCommand) return { operation: 'putObject', idempotent: true };
  // A repeat would open a second upload, left orphaned.
  if (command instanceof CreateMultipartUploadCommand)
    return { operation: 'createMultipartUpload', idempotent: false };
  // A repeat after a success that we did not hear of fails with NoSuchUpload.
  if (command instanceof CompleteMultipartUploadCommand)
    return { operation: 'completeMultipartUpload', idempotent: false };
  if (command instanceof AbortMultipartUploadCommand)
    return { operation: 'abortMultipartUpload', idempotent: true };
  return { operation: 'send', idempotent: false };
}

/**
 * Uploads a large body in parts with lib-storage's `Upload`, every request of it through the
 * pipeline: each part is a buffer, so a failed part is retried on its own, and a stream body
 * is never replayed. On failure the first failing request stops the others, and the upload is
 * aborted (lib-storage sends AbortMultipartUpload) so that no orphan parts remain.
 *
 * `timeoutMs` and `attemptTimeoutMs` apply to each request; the caller's signal to the whole.
 */
async function uploadInParts(
  path: S3CallPath,
  plan: MultipartPlan,
  options: T.S3CallOptions,
): Promise<{ ETag?: string | undefined; VersionId?: string | undefined }> {
  const { bucket, key } = plan;
  const sdk = path.sdk;
  const stop = new AbortController();
  const callerSignal = options.signal;
  const onCallerAbort = (): void => stop.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

  let failed: { readonly error: unknown } | undefined;

  const send = (command: AnyCommand): Promise<unknown> => {
    const { operation, idempotent } = describe(command);
    const aborting = operation === 'abortMultipartUpload';
    // Once a request failed, the parts still queued are not sent at all.
    if (!aborting && failed) return Promise.reject(failed.error);
    const part = command instanceof UploadPartCommand ? command.input.PartNumber : undefined;
    const call: CallOptions = {
      operation,
      idempotent,
      context: part === undefined ? { bucket, key } : { bucket, key, part },
      timeoutMs: options.timeoutMs,
      attemptTimeoutMs: options.attemptTimeoutMs,
      // The clean-up must run even when the upload was stopped or the caller gave up.
      signal: aborting ? undefined : stop.signal,
    };
    // A fresh command per attempt: an SDK command is not meant to be sent twice.
    const Command = command.constructor as new (input: unknown) => AnyCommand;
    const sent = path.execute(call, (options) => sdk.send(new Command(command.input), options));
    // A failed clean-up is in the events and logs; the caller needs the upload's own error.
    if (aborting) return sent.catch(() => ({}));
    return sent.catch((error: unknown) => {
      failed ??= { error };
      stop.abort(error);
      throw error;
    });
  };
  // lib-storage reads the SDK client's config (endpoint, checksums) and sends through `send`.
  const routed = Object.create(sdk, { send: { value: send } }) as S3Client;
  try {
    const upload = new Upload({
      client: routed,
      params: {
        Bucket: bucket,
        Key: key,
        Body: plan.body,
        ...(plan.contentType === undefined ? {} : { ContentType: plan.contentType }),
        ...(plan.metadata === undefined ? {} : { Metadata: { ...plan.metadata } }),
      },
      partSize: plan.partSize,
      queueSize: plan.queueSize,
      leavePartsOnError: false,
    });
    return await upload.done();
  } finally {
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}
