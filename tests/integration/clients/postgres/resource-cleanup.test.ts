import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { timeout } from '../../../../src/testkit/faults/toxics.ts';
import { uniqueName } from '../../../../src/testkit/isolation.ts';
import {
  eventually,
  proxiedDb,
  runningStatements,
  sessionsOf,
  tcpSockets,
} from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('9. resource cleanup', () => {
  test('many concurrent calls share the pool; close() ends every session', async () => {
    const { db, applicationName } = await proxiedDb();
    let busiest = 0;
    let next = 0;
    const worker = async () => {
      while (next < 200) {
        const n = next++;
        const { rows } = await db.query<{ n: number }>('SELECT $1::int AS n', [n]);
        expect(rows).toEqual([{ n }]);
        busiest = Math.max(busiest, db.poolStats.total);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(busiest).toBeLessThanOrEqual(4);
    expect(db.poolStats).toMatchObject({ idle: db.poolStats.total, waiting: 0 });
    const total = db.poolStats.total;
    expect(await sessionsOf(admin, applicationName)).toBe(total);

    await db.close();
    expect(db.poolStats).toEqual({ total: 0, idle: 0, waiting: 0 });
    expect(await eventually(() => sessionsOf(admin, applicationName), 0, 3_000)).toBe(0);
  });

  test('callers waiting for a connection are served in turn, not overtaken by busy ones', async () => {
    // A statement's connection goes straight to its caller's next statement only while
    // nobody waits in the pool: one connection, six callers each sending five in a row. (With
    // two, a stall of one connection's first reply, which the handover cannot help, would let
    // the other serve everyone else twice over; one connection tests the handover alone.)
    const { db } = await proxiedDb({ connection: { max: 1 } });
    const finished: Array<[caller: number, statement: number]> = [];
    const caller = async (id: number) => {
      for (let n = 1; n <= 5; n++) {
        await db.query('SELECT 1');
        finished.push([id, n]);
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, id) => caller(id)));
    const lastFirst = finished.findLastIndex(([, n]) => n === 1);
    const firstThird = finished.findIndex(([, n]) => n === 3);
    // Every caller's first statement is done before any caller's third.
    expect(lastFirst).toBeLessThan(firstThird);
    expect(db.poolStats.total).toBe(1);
  });

  test('close() lets the statement in flight finish, then lets go of its connection', async () => {
    const { db, applicationName } = await proxiedDb();
    const slow = db.query<{ ok: number }>('SELECT 1 AS ok FROM pg_sleep(0.3)');
    await sleep(50);
    const closing = db.close();
    expect((await slow).rows).toEqual([{ ok: 1 }]);
    await closing;
    expect(await eventually(() => sessionsOf(admin, applicationName), 0, 3_000)).toBe(0);
  });

  test('the bulkhead bounds concurrency: no more connections, no more sessions', async () => {
    const { db, applicationName } = await proxiedDb({
      bulkhead: { maxConcurrent: 2, maxQueue: 20 },
    });
    const marker = uniqueName('bulkhead');
    let mostRunning = 0;
    const sampling = (async () => {
      for (let i = 0; i < 12; i++) {
        mostRunning = Math.max(mostRunning, await runningStatements(admin, marker));
        await sleep(50);
      }
    })();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, () => db.query(`SELECT pg_sleep(0.2) /* ${marker} */`)),
    );
    const elapsedMs = performance.now() - started;
    await sampling;
    // Eight 200 ms statements, two at a time: four rounds.
    expect(elapsedMs).toBeGreaterThanOrEqual(800);
    expect(mostRunning).toBeGreaterThanOrEqual(1);
    expect(mostRunning).toBeLessThanOrEqual(2);
    expect(db.poolStats.total).toBeLessThanOrEqual(2);
    expect(await sessionsOf(admin, applicationName)).toBeLessThanOrEqual(2);
  });

  test('close() against a server that stopped answering returns soon and leaves no socket open', async () => {
    const { db, proxy } = await proxiedDb();
    await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);
    const pooled = db.poolStats.total;
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const before = tcpSockets();
    const started = performance.now();
    await db.close();
    // One second of grace for the goodbye the server never answers, then the sockets go.
    expect(performance.now() - started).toBeLessThan(1_000 + 2_000);
    // At least the pool's sockets are gone (an idle keep-alive socket of the test's HTTP
    // client to Toxiproxy may close meanwhile too, never open).
    expect(before - tcpSockets()).toBeGreaterThanOrEqual(pooled);
  });
});
