import { describe, expect, test } from 'vitest';
import { TimeoutError, UpstreamError } from '../../../../src/core/errors.ts';
import { timeout } from '../../../../src/testkit/faults/toxics.ts';
import { eventsOf, failureOf, proxiedDb } from '../postgres/fixture.ts';

describe('3. retry exhaustion', () => {
  test('a server that stays unreachable ends in an UpstreamError that says what and how often', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 3, backoff: { initialDelayMs: 20, maxDelayMs: 50 } },
    });
    await proxy.down();
    const started = performance.now();
    const error = await failureOf(db.query('SELECT 1', [], { context: { table: 'users' } }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      service: 'postgres',
      operation: 'query',
      kind: 'connection',
      retriable: true,
      attempts: 3,
      upstreamCode: 'ECONNREFUSED',
      context: { statement: 'SELECT', table: 'users' },
    });
    expect(error.message).toBe(
      'postgres.query failed after 3 attempts: connection refused (ECONNREFUSED)',
    );
    expect(eventsOf(events, 'attempt')).toHaveLength(3);
    expect(eventsOf(events, 'call').at(-1)?.giveUpReason).toBe('max_attempts');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  test('a blackholed server: every attempt times out, then a TimeoutError, no hang', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 3, backoff: { initialDelayMs: 20, maxDelayMs: 50 } },
      timeout: { attemptMs: 300, totalMs: 10_000 },
    });
    await db.query('SELECT 1');
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    const error = await failureOf(db.query('SELECT 1'));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 3 });
    expect(error.message).toBe(
      'postgres.query timed out after 3 attempts: attempt exceeded 300 ms',
    );
    expect(eventsOf(events, 'timeout')).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(900 + 3_000);
  });
});
