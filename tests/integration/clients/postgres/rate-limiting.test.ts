import { describe, expect, test } from 'vitest';
import { RateLimitedError } from '../../../../src/core/errors.ts';
import { createTable, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('7. rate limiting', () => {
  test('calls beyond the rate wait for a permit: measured throughput stays within it', async () => {
    const { db } = await proxiedDb({ rateLimit: { ratePerSecond: 20, burst: 1 } });
    await db.query('SELECT 1'); // takes the one permit of the burst, and warms the pool
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.query('SELECT $1::int', [i])));
    const elapsedMs = performance.now() - started;
    // 20 permits at 20 a second: about one second, never less (a little slack for timers).
    expect(elapsedMs).toBeGreaterThanOrEqual(950);
    expect(elapsedMs).toBeLessThan(1_000 + 3_000);
    expect(20 / (elapsedMs / 1_000)).toBeLessThanOrEqual(21);
  });

  test('in reject mode, calls beyond the burst fail at once and are not sent', async () => {
    const { db } = await proxiedDb({ rateLimit: { ratePerSecond: 1, burst: 3, mode: 'reject' } });
    const table = await createTable(admin, 'id int');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => db.query(`INSERT INTO ${table} VALUES ($1)`, [i])),
    );
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(rejected).toHaveLength(7);
    for (const error of rejected) {
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(error).toMatchObject({ kind: 'rate_limited', attempts: 0 });
    }
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 3 }]);
  });
});
