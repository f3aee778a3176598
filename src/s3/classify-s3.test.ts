import {
  AccessDenied,
  NoSuchBucket,
  NoSuchKey,
  NotFound,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { classifyS3 } from './classify-s3.ts';

/** A service error as the SDK builds it from an S3 XML error body (or a bodiless answer). */
function serviceError(
  name: string,
  status: number,
  options: { message?: string; fault?: 'client' | 'server'; headers?: Record<string, string> } = {},
): S3ServiceException {
  const error = new S3ServiceException({
    name,
    $fault: options.fault ?? (status >= 500 ? 'server' : 'client'),
    $metadata: { httpStatusCode: status },
    message: options.message ?? 'UnknownError',
  });
  // The SDK copies the XML <Code> onto the error and keeps the raw response.
  const code = name === 'Unknown' ? {} : { Code: name };
  return Object.assign(error, code, {
    $response: { statusCode: status, headers: options.headers ?? {} },
  });
}

const netError = (code: string): Error =>
  Object.assign(new Error(`read ${code}`), { code, $metadata: { attempts: 1 } });

describe('classifyS3', () => {
  it.each([
    ['NoSuchKey', new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} })],
    ['NoSuchBucket', new NoSuchBucket({ message: 'no bucket', $metadata: {} })],
    ['NotFound', new NotFound({ message: 'UnknownError', $metadata: { httpStatusCode: 404 } })],
  ])('%s is not_found and not retried', (code, error) => {
    expect(classifyS3(error)).toMatchObject({ kind: 'not_found', retriable: false, code });
  });

  it('a bare 404 without a code is not_found, by its status', () => {
    expect(classifyS3(serviceError('Unknown', 404))).toMatchObject({
      kind: 'not_found',
      retriable: false,
      status: 404,
    });
  });

  it.each([
    ['AccessDenied', 403],
    ['InvalidAccessKeyId', 403],
    ['SignatureDoesNotMatch', 403],
    // versitygw answers an unknown access key with a 404: it must not read as "no such object".
    ['XAdminUserNotFound', 404],
  ])('%s (%i) is auth and fails fast', (code, status) => {
    const classified = classifyS3(serviceError(code, status));
    expect(classified).toMatchObject({ kind: 'auth', retriable: false, code, status });
  });

  it('the modelled AccessDenied class is auth too', () => {
    const error = new AccessDenied({ message: 'denied', $metadata: { httpStatusCode: 403 } });
    expect(classifyS3(error)).toMatchObject({ kind: 'auth', retriable: false });
  });

  it('a bodiless 403 (a HEAD answer) is auth, with a hint about credentials', () => {
    const classified = classifyS3(serviceError('Unknown', 403));
    expect(classified).toMatchObject({ kind: 'auth', retriable: false, status: 403 });
    expect(classified.reason).toMatch(/credentials/);
  });

  it.each([
    ['SlowDown', 503],
    ['ServiceUnavailable', 503],
    ['Unknown', 503],
    ['Unknown', 429],
  ])('%s (%i) is throttled and retriable', (code, status) => {
    expect(classifyS3(serviceError(code, status))).toMatchObject({
      kind: 'throttled',
      retriable: true,
      status,
    });
  });

  it('honours Retry-After on a throttling answer, in seconds', () => {
    const error = serviceError('SlowDown', 503, { headers: { 'retry-after': '2' } });
    expect(classifyS3(error)).toMatchObject({ kind: 'throttled', retryAfterMs: 2_000 });
    const bare = serviceError('Unknown', 429, { headers: { 'retry-after': '1' } });
    expect(classifyS3(bare)).toMatchObject({ kind: 'throttled', retryAfterMs: 1_000 });
    expect(classifyS3(serviceError('SlowDown', 503)).retryAfterMs).toBeUndefined();
  });

  it.each([
    ['InternalError', 500],
    ['Unknown', 500],
    ['Unknown', 502],
    // S3's RequestTimeout is a 400 that means the connection stalled: transient.
    ['RequestTimeout', 400],
  ])('%s (%i) is a retriable server error', (code, status) => {
    expect(classifyS3(serviceError(code, status))).toMatchObject({
      kind: 'server',
      retriable: true,
    });
  });

  it('other 4xx are client errors, with the server message as the reason', () => {
    const error = serviceError('BucketAlreadyOwnedByYou', 409, {
      message: 'Your previous request to create the named bucket succeeded.',
    });
    expect(classifyS3(error)).toMatchObject({
      kind: 'client',
      retriable: false,
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
      reason: 'Your previous request to create the named bucket succeeded.',
    });
    expect(classifyS3(serviceError('InvalidArgument', 400))).toMatchObject({
      kind: 'client',
      retriable: false,
      reason: 'InvalidArgument',
    });
  });

  it('network errors are connection errors, by their code (reusing the core)', () => {
    expect(classifyS3(netError('ECONNRESET'))).toMatchObject({
      kind: 'connection',
      retriable: true,
      code: 'ECONNRESET',
    });
    // The SDK's HTTP handler renames some socket errors TimeoutError; the code still rules.
    const renamed = Object.assign(netError('ECONNRESET'), { name: 'TimeoutError' });
    expect(classifyS3(renamed)).toMatchObject({ kind: 'connection', code: 'ECONNRESET' });
    expect(classifyS3(netError('ECONNREFUSED'))).toMatchObject({
      kind: 'connection',
      neverSent: true,
    });
  });

  it('an abort with a timeout behind it is a timeout; any other abort is aborted', () => {
    const timedOut = Object.assign(new Error('Request aborted'), {
      name: 'AbortError',
      cause: new DOMException('attempt timed out after 5 ms', 'TimeoutError'),
    });
    expect(classifyS3(timedOut)).toMatchObject({ kind: 'timeout', retriable: true });
    const aborted = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(classifyS3(aborted)).toMatchObject({ kind: 'aborted', retriable: false });
  });

  it('a socket timeout of the SDK handler (no code) is a retriable timeout', () => {
    const error = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    expect(classifyS3(error)).toMatchObject({ kind: 'timeout', retriable: true });
  });

  it('never throws, and leaves what it does not know unretried', () => {
    for (const odd of [undefined, null, 'boom', 42, {}, new Error('weird')]) {
      expect(classifyS3(odd)).toMatchObject({ retriable: false });
    }
    // A plain error named like an S3 code is not an S3 answer.
    const impostor = Object.assign(new Error('x'), { name: 'SlowDown' });
    expect(classifyS3(impostor).kind).not.toBe('throttled');
  });
});
