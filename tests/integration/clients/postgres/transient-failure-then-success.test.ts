import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { resetPeer } from '../../../../src/testkit/faults/toxics.ts';
import { createTable, eventsOf, eventually, failureOf, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('2. transient failure, then success', () => {
  test('a refused connection is retried with growing backoff, even for a write, until the server is back', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 10, backoff: { initialDelayMs: 50, maxDelayMs: 400, jitter: 'none' } },
      breaker: { consecutiveFailures: 50 },
    });
    const table = await createTable(admin, 'id int');
    await proxy.down();
    const back = sleep(300).then(() => proxy.up());
    await db.query(`INSERT INTO ${table} VALUES ($1)`, [1]);
    await back;

    const failed = eventsOf(events, 'attempt').filter((e) => e.outcome === 'failure');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const attempt of failed)
      expect(attempt).toMatchObject({ kind: 'connection', code: 'ECONNREFUSED' });
    // Exponential: each delay doubles, up to the cap.
    const delays = eventsOf(events, 'retry').map((e) => e.delayMs);
    expect(delays).toEqual([50, 100, 200, 400, 400, 400, 400, 400, 400].slice(0, delays.length));
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 1 }]);
  });

  test('connections reset while connecting are retried, and the call succeeds once they are not', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 10, backoff: { initialDelayMs: 50, maxDelayMs: 200 } },
      breaker: { consecutiveFailures: 50 },
    });
    const fault = await proxy.inject(resetPeer());
    const healed = sleep(300).then(() => fault.remove());
    const { rows } = await db.query<{ answer: number }>('SELECT 42 AS answer');
    await healed;
    expect(rows).toEqual([{ answer: 42 }]);
    const failed = eventsOf(events, 'attempt').filter((e) => e.outcome === 'failure');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const attempt of failed) expect(attempt.kind).toBe('connection');
  });

  test('a read cut off mid-statement is retried; a write is not, because it may have run', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: { maxAttempts: 20, backoff: { initialDelayMs: 100, maxDelayMs: 200 } },
      breaker: false,
    });
    const table = await createTable(admin, 'id int');
    await db.query('SELECT 1'); // a pooled connection for the fault to cut

    // The fault comes while the statement runs, so the reply is what it cuts; until it is
    // removed it also resets the new connections of the retries.
    const read = db.query<{ n: number }>('SELECT 1 AS n FROM pg_sleep(0.5)');
    read.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await sleep(150);
    const cut = await proxy.inject(resetPeer());
    await sleep(650);
    await cut.remove();
    expect((await read).rows).toEqual([{ n: 1 }]);
    expect(eventsOf(events, 'retry').length).toBeGreaterThanOrEqual(1);

    events.length = 0;
    await db.query('SELECT 1');
    const write = db.query(`INSERT INTO ${table} SELECT 1 FROM pg_sleep(0.5)`);
    write.catch(() => undefined);
    await sleep(150);
    const fault = await proxy.inject(resetPeer());
    const error = await failureOf(write);
    await fault.remove();
    expect(error).toMatchObject({ kind: 'connection', attempts: 1 });
    expect(eventsOf(events, 'call').at(-1)?.giveUpReason).toBe('not_idempotent');
    // The server never noticed the client leave: the insert ran to its end. A retry would
    // have inserted a second row.
    const count = () => admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    expect(await eventually(async () => (await count()).rows[0]?.n, 1, 3_000)).toBe(1);
  });
});
