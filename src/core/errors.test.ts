import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
  createUpstreamError,
  isUpstreamError,
  type UpstreamErrorFacts,
} from './errors.ts';

const facts: UpstreamErrorFacts = {
  service: 's3',
  operation: 'getObject',
  kind: 'connection',
  retriable: true,
  attempts: 3,
  elapsedMs: 412,
  reason: 'connection reset',
  upstreamCode: 'ECONNRESET',
};

describe('UpstreamError', () => {
  it('says what failed, how often and why', () => {
    const error = new UpstreamError(facts);
    expect(error.message).toBe(
      's3.getObject failed after 3 attempts: connection reset (ECONNRESET)',
    );
    expect(error.name).toBe('UpstreamError');
    expect(error.code).toBe('BULWARK_CONNECTION');
    expect(error).toBeInstanceOf(Error);
    expect(error.toJSON()).toMatchObject({
      service: 's3',
      attempts: 3,
      upstreamCode: 'ECONNRESET',
    });
  });

  it('keeps the driver error as the ES2022 cause', () => {
    const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(new UpstreamError({ ...facts, cause }).cause).toBe(cause);
  });

  it('never puts a secret in its message', () => {
    const error = new UpstreamError({
      ...facts,
      reason: 'could not reach postgres://app:hunter2@db:5432/x',
    });
    expect(error.message).not.toContain('hunter2');
    expect(error.reason).not.toContain('hunter2');
  });

  it('words rejections, timeouts and aborts for what they are', () => {
    expect(
      createUpstreamError({
        ...facts,
        kind: 'circuit_open',
        attempts: 0,
        reason: 'circuit open',
        upstreamCode: undefined,
      }).message,
    ).toBe('s3.getObject rejected: circuit open');
    expect(
      createUpstreamError({
        ...facts,
        kind: 'timeout',
        attempts: 1,
        reason: 'attempt exceeded 100 ms',
        upstreamCode: undefined,
      }).message,
    ).toBe('s3.getObject timed out after 1 attempt: attempt exceeded 100 ms');
    expect(
      createUpstreamError({
        ...facts,
        kind: 'aborted',
        attempts: 2,
        reason: 'signal aborted',
        upstreamCode: undefined,
      }).message,
    ).toBe('s3.getObject aborted by the caller after 2 attempts: signal aborted');
  });

  it('makes the subclass that matches the kind', () => {
    expect(createUpstreamError({ ...facts, kind: 'circuit_open' })).toBeInstanceOf(
      CircuitOpenError,
    );
    expect(createUpstreamError({ ...facts, kind: 'rate_limited' })).toBeInstanceOf(
      RateLimitedError,
    );
    expect(createUpstreamError({ ...facts, kind: 'bulkhead_full' })).toBeInstanceOf(
      BulkheadFullError,
    );
    expect(createUpstreamError({ ...facts, kind: 'timeout' })).toBeInstanceOf(TimeoutError);
    expect(createUpstreamError({ ...facts, kind: 'aborted' })).toBeInstanceOf(AbortedError);
    const plain = createUpstreamError(facts);
    expect(plain).toBeInstanceOf(UpstreamError);
    expect(plain).not.toBeInstanceOf(TimeoutError);
    expect(new TimeoutError({ ...facts, kind: 'timeout' }).name).toBe('TimeoutError');
  });

  it('is recognised when made by another installed copy of bulwark', () => {
    // A second copy has its own classes; all it shares with this one is the Symbol.for brand.
    const foreign = Object.assign(new Error('s3.getObject timed out'), {
      kind: 'timeout',
      [Symbol.for('bulwark.UpstreamError')]: true,
    });
    expect(isUpstreamError(foreign)).toBe(true);
    expect(foreign).toBeInstanceOf(UpstreamError);
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).not.toBeInstanceOf(CircuitOpenError);
    expect(isUpstreamError(new Error('x'))).toBe(false);
    expect(new Error('x')).not.toBeInstanceOf(UpstreamError);
  });
});
