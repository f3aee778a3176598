import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { latency, timeout } from '../../../../src/testkit/faults/toxics.ts';
import { eventsOf, eventually, failureOf, proxiedDb, sessionsOf } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('2. transient failure then success: a slow link is not a dead one', () => {
  test('a connection still being made when its attempt timed out serves the retry', async () => {
    // Every reply 200 ms late: logging in takes a few round trips, longer than an attempt's
    // 500 ms; a statement on a made connection takes one.
    const { db, proxy, events, applicationName } = await proxiedDb({
      timeout: { attemptMs: 500, totalMs: 5_000 },
      retry: { maxAttempts: 4, backoff: { initialDelayMs: 50, maxDelayMs: 50, jitter: 'none' } },
    });
    await proxy.inject(latency({ latencyMs: 200, direction: 'downstream' }));
    const started = performance.now();
    const { rows } = await db.query('SELECT 1 AS ok');
    const elapsedMs = performance.now() - started;
    expect(rows).toEqual([{ ok: 1 }]);
    // The first attempt's connection, finished after it gave up, ran the second attempt's
    // statement: one session, two attempts. Starting over would have taken a third attempt
    // (a new connection's set-up outlasts an attempt) and a second session.
    expect(eventsOf(events, 'attempt').map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(await sessionsOf(admin, applicationName)).toBe(1);
    expect(elapsedMs).toBeLessThan(1_050 + 500);
  });

  test('a latency the deadline holds never opens the breaker, however many set-ups it slows', async () => {
    // Eight calls at once on a cold pool: each waits for a connection of its own, whose set-up
    // outlasts an attempt. Counted as failures, their timeouts would open the breaker (three in
    // a row) on a server that answers every call within the deadline.
    const { db, proxy, events } = await proxiedDb({
      connection: { max: 8 },
      timeout: { attemptMs: 500, totalMs: 5_000 },
      breaker: { consecutiveFailures: 3, openDurationMs: 10_000 },
      retry: { maxAttempts: 4, backoff: { initialDelayMs: 50, maxDelayMs: 50, jitter: 'none' } },
    });
    await proxy.inject(latency({ latencyMs: 200, direction: 'downstream' }));
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => db.query<{ n: number }>('SELECT $1::int AS n', [i])),
    );
    expect(results.map((r) => r.rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(eventsOf(events, 'timeout').length).toBeGreaterThanOrEqual(8);
    expect(eventsOf(events, 'breaker')).toEqual([]);
    expect(db.breaker?.state.state).toBe('closed');
  });

  test('a dead link is no slow one: a blackhole opens the breaker while calls wait for connections', async () => {
    // Four warm connections and twelve calls: four statements hang on them, the rest wait for
    // a connection of the pool, and every set-up the pool begins hangs too. No byte comes
    // back: the waits count, and the breaker opens.
    const { db, proxy, events } = await proxiedDb({
      timeout: { attemptMs: 300, totalMs: 1_000 },
      breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
    });
    await Promise.all(Array.from({ length: 4 }, () => db.query('SELECT 1')));
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    const calls = Array.from({ length: 12 }, () => failureOf(db.query('SELECT 1')));
    const kinds = (await Promise.all(calls)).map((error) => error.kind);
    expect(kinds).toContain('circuit_open');
    expect(eventsOf(events, 'breaker')).toMatchObject([
      { from: 'closed', to: 'open', reason: '5 consecutive failures' },
    ]);
  });

  test('statements slower than their attempt never open the breaker while the server answers', async () => {
    // Five statements outlast their attempts at once, after a quick one was answered: in a
    // row, five timeouts would open the breaker, but the server was sending bytes meanwhile.
    const { db, events } = await proxiedDb({
      connection: { max: 6 },
      timeout: { attemptMs: 300, totalMs: 300 },
      breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
      retry: false,
    });
    await Promise.all(Array.from({ length: 6 }, () => db.query('SELECT 1')));
    const slow = Array.from({ length: 5 }, () => failureOf(db.query('SELECT pg_sleep(0.6)')));
    await db.query('SELECT 1');
    expect((await Promise.all(slow)).map((error) => error.kind)).toEqual(Array(5).fill('timeout'));
    expect(eventsOf(events, 'breaker')).toEqual([]);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  test('a statement that outlives its attempt on a slow link finishes, and keeps its connection', async () => {
    // Replies 300 ms late. A statement whose attempt gives up at 200 ms while the server
    // answers another is slow, not lost: it is let finish, and its connection, which a new one
    // would take round trips through the same link to replace, goes back to the pool.
    const { db, proxy, applicationName } = await proxiedDb({
      connection: { max: 2 },
      retry: false,
    });
    await Promise.all([db.query('SELECT 1'), db.query('SELECT 1')]);
    await proxy.inject(latency({ latencyMs: 300, direction: 'downstream' }));
    const answered = db.query('SELECT 1');
    await sleep(150);
    const error = await failureOf(db.query('SELECT 2', [], { attemptTimeoutMs: 200 }));
    expect(error.kind).toBe('timeout');
    await answered;
    expect(await eventually(() => db.poolStats.idle, 2, 2_000)).toBe(2);
    expect(db.poolStats.total).toBe(2);
    expect(await sessionsOf(admin, applicationName)).toBe(2);
  });
});
