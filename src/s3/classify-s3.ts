import type { Classification } from '../core/classification.ts';
import {
  classifyDefault,
  classifyNetworkError,
  classifyStatus,
  findStatus,
} from '../core/classify-default.ts';

/**
 * S3 error codes whose meaning does not follow from their HTTP status, one per line with why.
 * Everything else falls back to the status (`classifyStatus`): 5xx retriable, 4xx not.
 */
const s3Codes: Readonly<Record<string, Omit<Classification, 'code' | 'status'>>> = {
  // The object, bucket, upload or version asked for does not exist; asking again won't make it.
  NoSuchKey: { kind: 'not_found', retriable: false, reason: 'no such key' },
  NoSuchBucket: { kind: 'not_found', retriable: false, reason: 'no such bucket' },
  NoSuchUpload: { kind: 'not_found', retriable: false, reason: 'no such multipart upload' },
  NoSuchVersion: { kind: 'not_found', retriable: false, reason: 'no such version' },
  // HEAD answers carry no body, so the SDK names a bodiless 404 `NotFound`.
  NotFound: { kind: 'not_found', retriable: false, reason: 'not found' },
  // Wrong or unauthorised credentials: retrying signs with the same keys and fails the same way.
  AccessDenied: { kind: 'auth', retriable: false, reason: 'access denied' },
  InvalidAccessKeyId: { kind: 'auth', retriable: false, reason: 'invalid access key id' },
  SignatureDoesNotMatch: {
    kind: 'auth',
    retriable: false,
    reason: 'signature does not match (wrong secret key?)',
  },
  ExpiredToken: { kind: 'auth', retriable: false, reason: 'expired session token' },
  InvalidToken: { kind: 'auth', retriable: false, reason: 'invalid session token' },
  // versitygw's answer to an unknown access key: a 404 that means "who are you", not "no object".
  XAdminUserNotFound: { kind: 'auth', retriable: false, reason: 'unknown access key id' },
  // S3 asks us to back off; a later attempt is expected to pass.
  SlowDown: { kind: 'throttled', retriable: true, reason: 'slow down' },
  ServiceUnavailable: { kind: 'throttled', retriable: true, reason: 'service unavailable' },
  // S3's own hiccups: AWS documents both as safe to retry.
  InternalError: { kind: 'server', retriable: true, reason: 'internal error' },
  // A 400, but it means the connection stalled while S3 waited for the body: a transient fault.
  RequestTimeout: {
    kind: 'server',
    retriable: true,
    reason: 'the server timed out waiting for the request body',
  },
  // The body arrived damaged (checksum mismatch in transit); a fresh send of the same bytes fixes it.
  BadDigest: { kind: 'connection', retriable: true, reason: 'body corrupted in transit' },
  XAmzContentChecksumMismatch: {
    kind: 'connection',
    retriable: true,
    reason: 'body corrupted in transit',
  },
};

/** What the SDK puts on the errors it throws (ServiceException and its subclasses). */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly headers?: Readonly<Record<string, unknown>> };
}

/**
 * Maps what the AWS SDK's S3 client throws to the core's {@link Classification}: network
 * errors by their code, S3 error codes by meaning (see `s3Codes`), then the HTTP status.
 * Never throws.
 */
export function classifyS3(error: unknown): Classification {
  if (typeof error !== 'object' || error === null) return classifyDefault(error);
  const network = classifyNetworkError(error);
  if (network) return network;
  const sdk = error as SdkErrorShape;
  if (sdk.name === 'AbortError') return classifyAbort(sdk);
  const status = findStatus(error);
  const code = s3Code(sdk);
  const known = code === undefined ? undefined : s3Codes[code];
  if (known) {
    const hint = known.kind === 'throttled' ? retryAfter(sdk) : undefined;
    return { ...known, code, status, ...(hint === undefined ? {} : { retryAfterMs: hint }) };
  }
  if (status !== undefined) {
    const classified = classifyStatus(status, retryAfter(sdk));
    if (code !== undefined) return { ...classified, code, reason: serverMessage(sdk) ?? code };
    // A HEAD answer has no body, hence no code: say what a bare 401/403 nearly always means.
    return classified.kind === 'auth'
      ? { ...classified, reason: `HTTP ${status} access denied (check the credentials)` }
      : classified;
  }
  // The socket-level timeout of the SDK's HTTP handler, when a caller configured one.
  if (sdk.name === 'TimeoutError') {
    return { kind: 'timeout', retriable: true, reason: 'the request socket timed out' };
  }
  return classifyDefault(error);
}

/**
 * The SDK rejects with an AbortError when the attempt's signal aborts. The pipeline settles
 * the attempt itself before this error arrives, so it is only seen when the abort came from
 * elsewhere; a timeout behind it stays a (retriable) timeout, anything else is an abort.
 */
function classifyAbort(error: SdkErrorShape): Classification {
  const cause = error.cause as { name?: unknown } | undefined;
  if (cause?.name === 'TimeoutError') {
    return { kind: 'timeout', retriable: true, reason: 'the request was aborted by a timeout' };
  }
  return { kind: 'aborted', retriable: false, reason: 'the request was aborted' };
}

/** The S3 error code: `Code` from the XML body, else the exception's name (not for bodiless answers). */
function s3Code(error: SdkErrorShape): string | undefined {
  if (typeof error.Code === 'string' && error.Code !== '') return error.Code;
  const name = error.name;
  if (typeof name !== 'string' || name === 'Error' || name === 'Unknown') return undefined;
  // Only SDK service errors name themselves after an S3 code; a plain TypeError does not.
  return error.$metadata === undefined ? undefined : name;
}

/** The server's own words, when it sent some (the SDK says `UnknownError` when it did not). */
function serverMessage(error: SdkErrorShape): string | undefined {
  const message = error.message;
  if (typeof message !== 'string' || message === '' || message === 'UnknownError') return undefined;
  return message.slice(0, 200);
}

/** Retry-After, in seconds or as an HTTP date, from the raw response; S3 rarely sends it. */
function retryAfter(error: SdkErrorShape): number | undefined {
  const value = error.$response?.headers?.['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1_000;
  // An HTTP date is wall-clock time, so the wall clock (not an injected monotonic one) reads it.
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
