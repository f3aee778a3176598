import { describe, expect, it } from 'vitest';
import { setupFailureCause } from './setup-failure-cause.ts';
import * as errors from './setup-failure-errors.test-helpers.ts';

describe('setupFailureCause', () => {
  it('reads Node’s network codes the same for every client', () => {
    for (const client of ['postgres', 'redis', 's3', 'http'] as const) {
      expect(setupFailureCause(client, errors.refused, false)).toEqual({
        kind: 'refused',
        code: 'ECONNREFUSED',
      });
      expect(setupFailureCause(client, errors.unknownHost, true)).toEqual({
        kind: 'unknown-host',
        code: 'ENOTFOUND',
      });
      expect(setupFailureCause(client, errors.timedOut, false)).toEqual({
        kind: 'no-answer',
        code: 'ETIMEDOUT',
      });
    }
  });

  it('TLS asked of a plain server: OpenSSL’s codes, pg’s message, a handshake never answered', () => {
    expect(setupFailureCause('http', errors.wrongVersionNumber, true)).toEqual({
      kind: 'tls-on-plain',
      code: 'ERR_SSL_WRONG_VERSION_NUMBER',
    });
    expect(setupFailureCause('s3', errors.s3Eproto, true)).toEqual({
      kind: 'tls-on-plain',
      code: 'EPROTO',
    });
    expect(setupFailureCause('postgres', errors.postgresNoSsl, true)).toEqual({
      kind: 'tls-on-plain',
      code: 'no SSL',
    });
    expect(setupFailureCause('redis', errors.timedOut, true)).toEqual({
      kind: 'tls-on-plain',
      code: 'ETIMEDOUT',
    });
  });

  it('plain asked, and the server hangs up: most likely TLS only; not so when TLS was asked', () => {
    expect(setupFailureCause('http', errors.undiciClosed, false)).toEqual({
      kind: 'closed-on-plain',
      code: 'UND_ERR_SOCKET',
    });
    expect(setupFailureCause('http', errors.undiciClosed, true)).toEqual({
      kind: 'other',
      code: 'UND_ERR_SOCKET',
    });
  });

  it('PostgreSQL: by SQLSTATE', () => {
    expect(setupFailureCause('postgres', errors.postgresWrongPassword, false)).toEqual({
      kind: 'credentials',
      code: '28P01',
    });
    expect(setupFailureCause('postgres', errors.postgresNoEntry, false)).toEqual({
      kind: 'login-refused',
      code: '28000',
    });
    expect(setupFailureCause('postgres', errors.postgresNoDatabase, false)).toEqual({
      kind: 'missing-database',
      code: '3D000',
    });
  });

  it('Redis: by the error reply’s code, its first word', () => {
    expect(setupFailureCause('redis', errors.redisWrongPass, false)).toEqual({
      kind: 'credentials',
      code: 'WRONGPASS',
    });
    expect(setupFailureCause('redis', errors.redisNoAuth, false)).toEqual({
      kind: 'no-password',
      code: 'NOAUTH',
    });
  });

  it('S3: by the error code of the answer, else by its status', () => {
    const causes = [
      errors.s3NoSuchBucket,
      errors.s3HeadNotFound,
      errors.s3WrongSecret,
      errors.s3UnknownKey,
      errors.versitygwUnknownKey,
      errors.s3AccessDenied,
      errors.s3WrongRegion,
    ].map((error) => setupFailureCause('s3', error, false));
    expect(causes).toEqual([
      { kind: 'missing-bucket', code: 'NoSuchBucket' },
      { kind: 'missing-bucket', code: 'HTTP 404' },
      { kind: 'credentials', code: 'SignatureDoesNotMatch' },
      { kind: 'credentials', code: 'InvalidAccessKeyId' },
      { kind: 'credentials', code: 'XAdminUserNotFound' },
      { kind: 'access-denied', code: 'AccessDenied' },
      { kind: 'wrong-region', code: 'AuthorizationHeaderMalformed' },
    ]);
  });

  it('a code of one client means nothing for another', () => {
    expect(setupFailureCause('redis', errors.postgresNoDatabase, false)).toEqual({
      kind: 'other',
      code: '3D000',
    });
    expect(setupFailureCause('postgres', errors.redisWrongPass, false)).toEqual({
      kind: 'other',
      code: 'ReplyError',
    });
  });

  it('HTTP: an error status of the check GET', () => {
    const status = Object.assign(new Error('HTTP 404'), { status: 404 });
    expect(setupFailureCause('http', status, false)).toEqual({ kind: 'http-status', status: 404 });
  });

  it('anything else: other, with whatever code or name it has', () => {
    expect(setupFailureCause('s3', new TypeError('boom'), false)).toEqual({
      kind: 'other',
      code: 'TypeError',
    });
    expect(setupFailureCause('s3', 'a string', false)).toEqual({ kind: 'other', code: undefined });
  });
});
