import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../pipeline-events.ts';
import { describeEvent } from './describe-event.ts';

const s3 = { service: 's3', operation: 'getObject' } as const;

const cases: Array<[PipelineEvent, string]> = [
  [
    { type: 'attempt', ...s3, attempt: 2, durationMs: 41.6, outcome: 'success' },
    's3.getObject attempt 2 succeeded in 42 ms',
  ],
  [
    {
      type: 'attempt',
      ...s3,
      attempt: 1,
      durationMs: 230,
      outcome: 'failure',
      kind: 'server',
      code: 'InternalError',
      status: 503,
    },
    's3.getObject attempt 1 failed after 230 ms (server, InternalError, status 503)',
  ],
  [
    {
      type: 'retry',
      ...s3,
      attempt: 1,
      delayMs: 120,
      kind: 'connection',
      code: 'ECONNRESET',
      reason: 'connection reset',
    },
    's3.getObject attempt 1 failed (connection reset, ECONNRESET); retrying in 120 ms',
  ],
  [
    {
      type: 'retry',
      ...s3,
      attempt: 1,
      delayMs: 80,
      kind: 'connection',
      code: 'ECONNREFUSED',
      reason: 'connect ECONNREFUSED',
    },
    's3.getObject attempt 1 failed (connect ECONNREFUSED); retrying in 80 ms',
  ],
  [
    { type: 'call', ...s3, outcome: 'success', attempts: 2, elapsedMs: 340 },
    's3.getObject succeeded after 2 attempts in 340 ms',
  ],
  [
    {
      type: 'call',
      ...s3,
      outcome: 'failure',
      attempts: 3,
      elapsedMs: 912,
      kind: 'connection',
      message: 's3.getObject failed after 3 attempts: connection reset (ECONNRESET)',
      giveUpReason: 'max_attempts',
    },
    's3.getObject failed after 3 attempts: connection reset (ECONNRESET); gave up: no attempts left',
  ],
  [
    {
      type: 'call',
      ...s3,
      outcome: 'failure',
      attempts: 1,
      elapsedMs: 4,
      kind: 'not_found',
      giveUpReason: 'not_retriable',
    },
    's3.getObject failed after 1 attempt: not found; gave up: the error is not retriable',
  ],
  [
    {
      type: 'call',
      ...s3,
      outcome: 'failure',
      attempts: 2,
      elapsedMs: 5000,
      kind: 'timeout',
      message: 's3.getObject timed out after 2 attempts: deadline of 5000 ms exceeded',
      giveUpReason: 'deadline',
    },
    's3.getObject timed out after 2 attempts: deadline of 5000 ms exceeded',
  ],
  [
    { type: 'call', ...s3, outcome: 'rejected', attempts: 0, elapsedMs: 0, kind: 'bulkhead_full' },
    's3.getObject rejected: bulkhead full',
  ],
  [
    { type: 'rejection', ...s3, kind: 'rate_limited' },
    's3.getObject rejected without calling the upstream: no rate-limit permit in time',
  ],
  [
    { type: 'timeout', ...s3, scope: 'attempt', attempt: 2, timeoutMs: 1000 },
    's3.getObject attempt 2 timed out after 1000 ms',
  ],
  [
    { type: 'timeout', ...s3, scope: 'deadline', attempt: 0, timeoutMs: 5000 },
    's3.getObject deadline of 5000 ms exceeded before the first attempt',
  ],
  [
    { type: 'timeout', ...s3, scope: 'deadline', attempt: 3, timeoutMs: 5000 },
    's3.getObject deadline of 5000 ms exceeded during attempt 3',
  ],
  [
    {
      type: 'breaker',
      service: 'payments',
      from: 'closed',
      to: 'open',
      reason: '5 consecutive failures',
    },
    'payments circuit opened: 5 consecutive failures',
  ],
  [
    {
      type: 'breaker',
      service: 'payments',
      from: 'half_open',
      to: 'open',
      reason: 'probe too slow (900 ms)',
    },
    'payments circuit re-opened: probe too slow (900 ms)',
  ],
  [
    {
      type: 'breaker',
      service: 'payments',
      from: 'open',
      to: 'half_open',
      reason: 'open for 30000 ms',
    },
    'payments circuit half-open, letting probes through: open for 30000 ms',
  ],
  [
    {
      type: 'breaker',
      service: 'payments',
      from: 'closed',
      to: 'isolated',
      reason: 'isolated by hand',
    },
    'payments circuit isolated (calls are rejected until it is reset): isolated by hand',
  ],
  [
    { type: 'breaker', service: 's3', key: 'getObject', from: 'closed', to: 'open', reason: 'x' },
    's3 circuit for getObject opened: x',
  ],
  [
    { type: 'breaker_key_dropped', service: 's3', key: 'getObject', reason: 'idle' },
    's3 circuit for getObject dropped: no call used it for the idle time',
  ],
  [
    { type: 'breaker_key_dropped', service: 's3', key: 'b', reason: 'max_keys' },
    's3 circuit for b dropped: a new key needed its room',
  ],
];

describe('describeEvent', () => {
  it.each(cases)('describes %j', (event, message) => {
    expect(describeEvent(event)).toBe(message);
  });

  it('redacts secrets in reasons, codes, messages and operations', () => {
    const url = 'postgres://u:hunter2@h/db';
    const messages = [
      describeEvent({
        type: 'retry',
        ...s3,
        attempt: 1,
        delayMs: 1,
        kind: 'connection',
        reason: `cannot reach ${url}`,
      }),
      describeEvent({
        type: 'attempt',
        ...s3,
        attempt: 1,
        durationMs: 1,
        outcome: 'failure',
        code: 'password=hunter2',
      }),
      describeEvent({
        type: 'call',
        ...s3,
        outcome: 'failure',
        attempts: 1,
        elapsedMs: 1,
        message: url,
      }),
      describeEvent({
        type: 'rejection',
        service: 'api',
        operation: 'GET /x?token=hunter2',
        kind: 'circuit_open',
      }),
    ];
    for (const message of messages) expect(message).not.toContain('hunter2');
    expect(messages[0]).toContain('postgres://u:***@h/db');
  });
});
