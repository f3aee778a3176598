import { PassThrough, type Readable } from 'node:stream';
import { markConsumedBody, markVerdict } from '../call-marks.ts';
import type { SendOptions } from '../s3-call-path.ts';

/**
 * Runs one attempt that sends `stream` as its body, through a pass-through of its own that
 * never carries an error into the SDK: the SDK wraps a stream body for its checksums in a
 * stream nobody listens to for errors, so a body stream's error there would be an uncaught
 * exception, and Node's `pipe` would leave the request waiting for bytes until its timeout.
 * Here the error ends the attempt at once, as a client error (the body is at fault, not S3),
 * and aborts the request. An attempt that read from the stream is marked so that it is never
 * repeated.
 */
export function sendStreamBody<T>(
  stream: Readable,
  options: SendOptions,
  send: (body: Readable, options: SendOptions) => Promise<T>,
): Promise<T> {
  const signal = options.abortSignal;
  const local = new AbortController();
  const onAbort = (): void => local.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const body = new PassThrough();
  let onError: (error: unknown) => void = () => undefined;
  return new Promise<T>((resolve, reject) => {
    onError = (error) => {
      const message = error instanceof Error ? error.message : String(error);
      const failure = typeof error === 'object' && error !== null ? error : new Error(message);
      markVerdict(failure, {
        kind: 'client',
        retriable: false,
        reason: `the body stream failed: ${message}`,
      });
      local.abort(failure);
      reject(failure);
    };
    stream.once('error', onError);
    stream.pipe(body);
    send(body, { ...options, abortSignal: local.signal }).then(resolve, (error: unknown) => {
      if (stream.readableDidRead) markConsumedBody(error);
      reject(error);
    });
  }).finally(() => {
    stream.off('error', onError);
    stream.unpipe(body);
    // Without an error: an error on it would reach the SDK's unguarded stream.
    body.destroy();
    signal.removeEventListener('abort', onAbort);
  });
}
