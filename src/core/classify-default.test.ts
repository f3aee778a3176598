import { describe, expect, it } from 'vitest';
import { classifyDefault, classifyStatus } from './classify-default.ts';

const netError = (code: string, message = `connect ${code}`): Error =>
  Object.assign(new Error(message), { code });

describe('classifyDefault', () => {
  it.each([
    ['ECONNRESET', 'connection reset', false],
    ['ECONNREFUSED', 'connection refused', true],
    ['ETIMEDOUT', 'connection timed out', false],
    ['EPIPE', 'broken pipe', false],
    ['EAI_AGAIN', 'DNS lookup failed temporarily', true],
  ])('%s is a retriable connection error', (code, reason, neverSent) => {
    const result = classifyDefault(netError(code));
    expect(result).toMatchObject({ kind: 'connection', retriable: true, code, reason });
    expect(result.neverSent === true).toBe(neverSent);
  });

  it('recognises "socket hang up" by its message', () => {
    expect(classifyDefault(new Error('socket hang up'))).toMatchObject({
      kind: 'connection',
      retriable: true,
      reason: 'socket hang up',
    });
  });

  it('finds the code in a cause chain and inside an AggregateError', () => {
    const wrapped = new TypeError('fetch failed', { cause: netError('ECONNRESET') });
    expect(classifyDefault(wrapped)).toMatchObject({ code: 'ECONNRESET', retriable: true });
    const both = new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')], 'x');
    expect(classifyDefault(both)).toMatchObject({ code: 'ECONNREFUSED', neverSent: true });
  });

  it('reads a status from the places drivers put it', () => {
    expect(classifyDefault({ status: 503 })).toMatchObject({ kind: 'throttled', retriable: true });
    expect(classifyDefault({ statusCode: 404 })).toMatchObject({
      kind: 'not_found',
      retriable: false,
    });
    expect(classifyDefault({ $metadata: { httpStatusCode: 500 } })).toMatchObject({
      kind: 'server',
      retriable: true,
    });
  });

  it('does not retry what it does not understand', () => {
    expect(classifyDefault(new Error('mystery'))).toMatchObject({
      kind: 'server',
      retriable: false,
      reason: 'mystery',
    });
    expect(classifyDefault('a string')).toMatchObject({ retriable: false });
  });
});

describe('classifyStatus', () => {
  it.each([
    [400, 'client', false],
    [401, 'auth', false],
    [403, 'auth', false],
    [404, 'not_found', false],
    [408, 'timeout', true],
    [409, 'client', false],
    [425, 'throttled', true],
    [429, 'throttled', true],
    [500, 'server', true],
    [501, 'server', false],
    [502, 'server', true],
    [503, 'throttled', true],
    [504, 'server', true],
  ])('HTTP %i is %s, retriable %s', (status, kind, retriable) => {
    expect(classifyStatus(status)).toMatchObject({ kind, retriable, status });
  });

  it('passes the Retry-After hint on for throttling', () => {
    expect(classifyStatus(429, 2000).retryAfterMs).toBe(2000);
  });
});

describe('a refused TLS certificate', () => {
  it('is auth, not retried, and never sent: a configuration to fix, not an outage', () => {
    const error = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(classifyDefault(error)).toMatchObject({
      kind: 'auth',
      retriable: false,
      neverSent: true,
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
  });
});
