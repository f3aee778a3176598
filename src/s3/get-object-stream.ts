import { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Classification, UpstreamError } from '../index.ts';
import { classifyS3 } from './classify-s3.ts';
import { ObjectStream } from './transport/object-stream.ts';
import * as check from './s3-arguments.ts';
import type { S3CallPath } from './s3-call-path.ts';
import { objectInfo } from './s3-results.ts';
import type * as T from './s3-types.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

/**
 * Opens an object as a stream. The pipeline call (its attempts, timeouts and retries) ends
 * when the response headers arrive; the body is then an {@link ObjectStream}: no deadline, an
 * idle limit, and an UpstreamError (logged, when the client has a logger) if it breaks off.
 * The caller's signal keeps working on the body: aborting it destroys the stream.
 */
export async function getObjectStream(
  path: S3CallPath,
  input: T.GetObjectInput,
  options: T.S3CallOptions,
): Promise<T.S3ObjectStream> {
  const op = 'getObjectStream';
  const { bucket, key } = check.checkRef(op, input);
  const range = check.checkRange(op, input.range);
  const context = { bucket, key };
  const started = path.clock.now();
  let attempts = 0;
  const out = await path.run(op, true, context, options, (send) => {
    attempts++;
    const command = new GetObjectCommand({ Bucket: bucket, Key: key, ...range });
    return path.sdk.send(command, send);
  });
  const source = out.Body;
  if (!(source instanceof Readable)) {
    // Node's HTTP handler always answers with a Readable; anything else is a foreign runtime.
    (source as { destroy?: () => void } | undefined)?.destroy?.();
    throw new InvalidArgumentError(
      'bulwark: s3 getObjectStream needs the SDK to run on Node streams',
    );
  }
  // The call itself succeeded and is over; a failure of its body is reported here instead.
  const fail = (c: Classification, cause: unknown): UpstreamError => {
    const error = path.error(op, context, started, attempts, c, cause);
    // The caller's own abort is routine; a broken or silent download is a warning.
    const level = c.kind === 'aborted' ? 'info' : 'warn';
    path.logger?.[level]({ event: 'bulwark.stream', ...error.toJSON(), ...context }, error.message);
    return error;
  };
  const body = new ObjectStream(source, path.streamIdleTimeoutMs, path.clock, {
    idle: (ms) =>
      fail({ kind: 'timeout', retriable: true, reason: `no data for ${ms} ms` }, undefined),
    failed: (cause) => fail(classifyS3(cause), cause),
  });
  const signal = options.signal;
  if (signal) {
    const onAbort = (): void => {
      const c: Classification = {
        kind: 'aborted',
        retriable: false,
        reason: 'aborted by the caller',
      };
      body.destroy(fail(c, signal.reason));
    };
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener('abort', onAbort, { once: true });
      body.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }
  return { ...objectInfo(out), body };
}
