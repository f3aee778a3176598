import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { timeout } from '../../../../src/testkit/faults/toxics.ts';
import { createTable, eventsOf, eventually, failureOf, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('no write applied twice across injected faults', () => {
  test('writes are retried only when they never reached the server: every row exactly once', async () => {
    const { db, proxy } = await proxiedDb({
      retry: { maxAttempts: 20, backoff: { initialDelayMs: 30, maxDelayMs: 100 } },
      timeout: { attemptMs: 400, totalMs: 10_000 },
      breaker: false,
    });
    const table = await createTable(admin, 'k int NOT NULL');
    const outcomes: string[] = [];
    const rounds = 12;
    for (let k = 0; k < rounds; k++) {
      const insert = () => db.query(`INSERT INTO ${table} VALUES ($1)`, [k]);
      if (k % 3 === 0) {
        // No fault.
        await insert();
        outcomes.push('ok');
      } else if (k % 3 === 1) {
        // The server runs the insert, but its reply is lost: the attempt times out, and a
        // retry would insert the row again.
        const lost = await proxy.inject(timeout({ timeoutMs: 0, direction: 'downstream' }));
        const error = await failureOf(insert());
        await lost.remove();
        expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
        outcomes.push('reply lost');
      } else {
        // The server is unreachable for a while: refused connections prove the insert was
        // never sent, so it is retried until it goes through.
        await proxy.down();
        await eventually(() => db.poolStats.total, 0, 3_000);
        const back = sleep(150).then(() => proxy.up());
        await insert();
        await back;
        outcomes.push('refused, then ok');
      }
    }
    expect(outcomes.filter((o) => o === 'reply lost')).toHaveLength(4);
    const { rows } = await admin.query<{ k: number; n: number }>(
      `SELECT k, count(*)::int AS n FROM ${table} GROUP BY k ORDER BY k`,
    );
    expect(rows).toEqual(Array.from({ length: rounds }, (_, k) => ({ k, n: 1 })));
  });

  test('a serialization failure reruns the whole transaction, which then commits once', async () => {
    const { db, events } = await proxiedDb({ breaker: false });
    const table = await createTable(admin, 'k int PRIMARY KEY, v int NOT NULL');
    await admin.query(`INSERT INTO ${table} VALUES (1, 0), (2, 0)`);
    // Write skew: each reads both rows, then both have read before either writes.
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const runs: number[] = [];
    const bump = (k: number) =>
      db.transaction(
        async (tx) => {
          runs.push(tx.attempt);
          await tx.query(`SELECT sum(v) FROM ${table}`);
          if (tx.attempt === 1) {
            if (++arrived === 2) release();
            await Promise.race([bothRead, sleep(2_000)]);
          }
          await tx.query(`UPDATE ${table} SET v = v + 1 WHERE k = $1`, [k]);
          return tx.attempt;
        },
        { isolationLevel: 'serializable' },
      );
    const attempts = await Promise.all([bump(1), bump(2)]);
    expect(attempts.sort()).toEqual([1, 2]);
    expect(runs.sort()).toEqual([1, 1, 2]);
    expect(eventsOf(events, 'retry')).toMatchObject([{ operation: 'transaction', code: '40001' }]);
    expect((await admin.query(`SELECT k, v FROM ${table} ORDER BY k`)).rows).toEqual([
      { k: 1, v: 1 },
      { k: 2, v: 1 },
    ]);
  });

  test('a SELECT of a function that writes, its reply lost, is retried read-only: the write lands once', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 3, backoff: { initialDelayMs: 300, jitter: 'none' } },
      timeout: { attemptMs: 400, totalMs: 10_000 },
      breaker: false,
    });
    const table = await createTable(admin, 'n int NOT NULL');
    const fn = `${table}_add`;
    await admin.query(
      `CREATE FUNCTION ${fn}() RETURNS int LANGUAGE sql AS 'INSERT INTO ${table} VALUES (1) RETURNING n'`,
    );
    await db.query('SELECT 1');
    const lost = await proxy.inject(timeout({ timeoutMs: 0, direction: 'downstream' }));
    // The reply is lost once: the link is back before the retry.
    db.events.on((event) => {
      if (event.type === 'timeout') void lost.remove();
    });
    const error = await failureOf(db.query(`SELECT ${fn}()`));
    expect(error).toMatchObject({ kind: 'client', attempts: 2, upstreamCode: '25006' });
    expect(eventsOf(events, 'retry')).toHaveLength(1);
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  test('a true read whose reply was lost succeeds on its read-only retry', async () => {
    const { db, proxy } = await proxiedDb({
      retry: { maxAttempts: 3, backoff: { initialDelayMs: 300, jitter: 'none' } },
      timeout: { attemptMs: 400, totalMs: 10_000 },
      breaker: false,
    });
    await db.query('SELECT 1');
    const lost = await proxy.inject(timeout({ timeoutMs: 0, direction: 'downstream' }));
    db.events.on((event) => {
      if (event.type === 'timeout') void lost.remove();
    });
    const { rows } = await db.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows).toEqual([{ ok: 1 }]);
  });
});
