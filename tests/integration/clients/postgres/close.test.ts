import { describe, expect, test } from 'vitest';
import { isUpstreamError } from '../../../../src/index.ts';
import { proxiedDb } from './fixture.ts';

describe('close() with calls running and queued', () => {
  test('statements queued for a connection run, close resolves once all have, and the breaker hears nothing', async () => {
    // Two connections, six statements of 300 ms at once: two run, four wait in the pool.
    const { db, events } = await proxiedDb({
      connection: { max: 2 },
      timeout: { attemptMs: 1_000, totalMs: 5_000 },
      breaker: { consecutiveFailures: 2 },
    });
    const started = performance.now();
    const calls = Array.from({ length: 6 }, () =>
      db.query('SELECT pg_sleep(0.3)').then(
        () => 'served',
        (error: unknown) => (isUpstreamError(error) ? error.kind : 'unknown'),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await db.close();
    const closedAfterMs = performance.now() - started;
    // Each of the six ran, three rounds of two: close waited for every one of them.
    expect(await Promise.all(calls)).toEqual(Array(6).fill('served'));
    expect(closedAfterMs).toBeGreaterThanOrEqual(850);
    expect(events.some((event) => event.type === 'breaker')).toBe(false);
    expect(db.breaker?.stateName).toBe('closed');
    await expect(db.query('SELECT 1')).rejects.toMatchObject({ kind: 'client', attempts: 0 });
  });
});
