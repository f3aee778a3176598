import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline-events.ts';
import { toLogRecord } from './log-record.ts';

const s3 = { service: 's3', operation: 'getObject' } as const;

describe('toLogRecord', () => {
  it.each<[PipelineEvent, string]>([
    [{ type: 'attempt', ...s3, attempt: 1, durationMs: 5, outcome: 'success' }, 'debug'],
    [
      { type: 'attempt', ...s3, attempt: 1, durationMs: 5, outcome: 'failure', kind: 'server' },
      'info',
    ],
    [{ type: 'retry', ...s3, attempt: 1, delayMs: 5, kind: 'server', reason: 'boom' }, 'warn'],
    [{ type: 'call', ...s3, outcome: 'success', attempts: 1, elapsedMs: 5 }, 'debug'],
    [
      { type: 'call', ...s3, outcome: 'failure', attempts: 1, elapsedMs: 5, kind: 'server' },
      'error',
    ],
    [
      { type: 'call', ...s3, outcome: 'rejected', attempts: 0, elapsedMs: 0, kind: 'circuit_open' },
      'warn',
    ],
    [{ type: 'rejection', ...s3, kind: 'bulkhead_full' }, 'warn'],
    [{ type: 'timeout', ...s3, scope: 'attempt', attempt: 1, timeoutMs: 5 }, 'warn'],
    [{ type: 'breaker', service: 's3', from: 'closed', to: 'open', reason: 'r' }, 'error'],
    [{ type: 'breaker', service: 's3', from: 'closed', to: 'isolated', reason: 'r' }, 'error'],
    [{ type: 'breaker', service: 's3', from: 'open', to: 'half_open', reason: 'r' }, 'info'],
    [{ type: 'breaker', service: 's3', from: 'half_open', to: 'closed', reason: 'r' }, 'info'],
    [{ type: 'breaker_key_dropped', service: 's3', key: 'k', reason: 'idle' }, 'debug'],
  ])('logs %j at %s', (event, level) => {
    expect(toLogRecord(event).level).toBe(level);
  });

  it('writes only the fields the event has, never an undefined key', () => {
    const { fields } = toLogRecord({
      type: 'attempt',
      ...s3,
      attempt: 2,
      durationMs: 41.6,
      outcome: 'success',
      kind: undefined,
      code: undefined,
    });
    expect(fields).toStrictEqual({
      event: 'bulwark.attempt',
      service: 's3',
      operation: 'getObject',
      outcome: 'success',
      attempt: 2,
      durationMs: 41.6,
    });
  });

  it('names each event and keeps its facts', () => {
    expect(
      toLogRecord({
        type: 'call',
        ...s3,
        outcome: 'failure',
        attempts: 3,
        elapsedMs: 900,
        kind: 'connection',
        code: 'ECONNRESET',
        giveUpReason: 'max_attempts',
      }).fields,
    ).toStrictEqual({
      event: 'bulwark.call',
      ...s3,
      outcome: 'failure',
      attempts: 3,
      elapsedMs: 900,
      kind: 'connection',
      code: 'ECONNRESET',
      giveUpReason: 'max_attempts',
    });
    expect(
      toLogRecord({ type: 'timeout', ...s3, scope: 'deadline', attempt: 0, timeoutMs: 5000 })
        .fields,
    ).toStrictEqual({
      event: 'bulwark.timeout',
      ...s3,
      scope: 'deadline',
      attempt: 0,
      timeoutMs: 5000,
    });
    expect(toLogRecord({ type: 'rejection', ...s3, kind: 'rate_limited' }).fields).toStrictEqual({
      event: 'bulwark.rejection',
      ...s3,
      kind: 'rate_limited',
    });
    expect(
      toLogRecord({
        type: 'breaker',
        service: 'payments',
        from: 'closed',
        to: 'open',
        reason: '5 consecutive failures',
      }).fields,
    ).toStrictEqual({
      event: 'bulwark.breaker',
      service: 'payments',
      breaker: { from: 'closed', to: 'open' },
      reason: '5 consecutive failures',
    });
    const keyed = { type: 'breaker', service: 's3', key: 'getObject' } as const;
    expect(toLogRecord({ ...keyed, from: 'open', to: 'half_open', reason: 'r' }).fields).toEqual({
      event: 'bulwark.breaker',
      service: 's3',
      breaker: { from: 'open', to: 'half_open' },
      breakerKey: 'getObject',
      reason: 'r',
    });
  });

  it('logs a recovery check quietly until one finds the service back', () => {
    const failed = toLogRecord({
      type: 'recovery_check',
      service: 'payments',
      outcome: 'failed',
      durationMs: 3,
    });
    expect(failed).toStrictEqual({
      level: 'debug',
      fields: {
        event: 'bulwark.recovery_check',
        service: 'payments',
        outcome: 'failed',
        durationMs: 3,
      },
      message: 'payments recovery check failed after 3 ms; the circuit stays open',
    });
    const answered = toLogRecord({
      type: 'recovery_check',
      service: 'payments',
      outcome: 'answered',
      durationMs: 2,
    });
    expect(answered.level).toBe('info');
    expect(answered.message).toBe(
      'payments recovery check: the service answered in 2 ms; the next call probes it',
    );
  });

  it("adds the call's context as fields of their own, redacted, never over the event's", () => {
    const record = toLogRecord({
      type: 'retry',
      ...s3,
      context: { bucket: 'b', key: 'k?X-Amz-Signature=abc', attempt: 99 },
      attempt: 1,
      delayMs: 5,
      kind: 'server',
      reason: 'boom',
    });
    expect(record.fields).toMatchObject({ bucket: 'b', key: 'k?X-Amz-Signature=***', attempt: 1 });
  });

  it('redacts the strings it copies into fields', () => {
    const { fields } = toLogRecord({
      type: 'retry',
      ...s3,
      attempt: 1,
      delayMs: 5,
      kind: 'auth',
      code: 'password=hunter2',
      reason: 'login to postgres://u:hunter2@h/db failed',
    });
    expect(JSON.stringify(fields)).not.toContain('hunter2');
    expect(fields['reason']).toBe('login to postgres://u:***@h/db failed');
  });
});
