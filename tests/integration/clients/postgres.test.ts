// bulwark/postgres against the real PostgreSQL that global setup started, always through a
// Toxiproxy proxy of the test's own, in the ten categories of tests/integration/README.md,
// plus: no write is applied twice across injected faults.
//
// Timing: lower bounds are what a policy guarantees; upper bounds are generous, because a
// loaded 2-core machine can stall the process for a while but never makes a fault shorter.
import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { attachLogger } from '../../../src/core/telemetry/attach-logger.ts';
import {
  AbortedError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
} from '../../../src/core/errors.ts';
import { PostgresNotSentError } from '../../../src/postgres/index.ts';
import { resetPeer, timeout } from '../../../src/testkit/faults/toxics.ts';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import {
  createTable,
  directClient,
  eventsOf,
  eventually,
  failureOf,
  openTcpSockets,
  postgres,
  proxiedDb,
  runningStatements,
  sessionsOf,
} from './postgres/fixture.ts';

let admin: pg.Client;

beforeAll(async () => {
  admin = await directClient();
});

afterAll(async () => {
  await admin.end();
});

describe('1. happy path', () => {
  test('rows come back parsed, with one attempt each, and the breaker stays closed', async () => {
    const { db, events } = await proxiedDb();
    const table = await createTable(
      admin,
      'id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), tags text[], created timestamptz DEFAULT now()',
    );
    const inserted = await db.query(
      `INSERT INTO ${table} (id, name, price, tags) VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)`,
      [1, 'apple', '1.50', ['fruit', 'red'], 2, 'bread', '2.25', []],
      { context: { table } },
    );
    expect(inserted).toMatchObject({ command: 'INSERT', rowCount: 2 });

    const { rows } = await db.query<{ id: number; name: string; tags: string[]; created: Date }>(
      `SELECT id, name, price, tags, created FROM ${table} WHERE id = ANY($1) ORDER BY id`,
      [[1, 2]],
    );
    expect(rows).toEqual([
      { id: 1, name: 'apple', price: '1.50', tags: ['fruit', 'red'], created: expect.any(Date) },
      { id: 2, name: 'bread', price: '2.25', tags: [], created: expect.any(Date) },
    ]);

    const attempts = eventsOf(events, 'attempt');
    expect(attempts.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'success'],
      [1, 'success'],
    ]);
    expect(eventsOf(events, 'retry')).toEqual([]);
    expect(attempts[0]?.context).toEqual({ statement: 'INSERT', table });
    expect(db.breaker?.state.state).toBe('closed');
  });

  test('a transaction commits on one connection; a callback that throws rolls it back', async () => {
    const { db } = await proxiedDb();
    const table = await createTable(admin, 'id int PRIMARY KEY, owner int');
    const seen = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} VALUES ($1, pg_backend_pid())`, [1]);
      await tx.query(`INSERT INTO ${table} VALUES ($1, pg_backend_pid())`, [2]);
      const { rows } = await tx.query<{ n: number; owners: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT owner)::int AS owners FROM ${table}`,
      );
      return rows[0];
    });
    // Both inserts ran in the session that then saw them, before the commit made them public.
    expect(seen).toEqual({ n: 2, owners: 1 });
    expect((await admin.query(`SELECT id FROM ${table} ORDER BY id`)).rows).toEqual([
      { id: 1 },
      { id: 2 },
    ]);

    const mistake = new Error('insufficient funds');
    const error = await failureOf(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (3, 0)`);
        throw mistake;
      }),
    );
    expect(error).toMatchObject({ kind: 'client', attempts: 1, cause: mistake });
    expect(error.message).toContain('the transaction callback threw: insufficient funds');
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 2 }]);
    expect(db.breaker?.state.state).toBe('closed');
  });
});

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

describe('4. fail fast', () => {
  test('a syntax error (42601) is not retried, even for a read', async () => {
    const { db, events } = await proxiedDb();
    const error = await failureOf(db.query('SELEC 1', [], { idempotent: true }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'client', attempts: 1, upstreamCode: '42601' });
    expect(error.message).toBe(
      'postgres.query failed after 1 attempt: syntax error at or near "SELEC" (42601)',
    );
    expect(eventsOf(events, 'attempt')).toHaveLength(1);
  });

  test('a unique violation (23505) is not retried, and names the constraint', async () => {
    const { db, events } = await proxiedDb();
    const table = await createTable(admin, 'id int PRIMARY KEY');
    await db.query(`INSERT INTO ${table} VALUES ($1)`, [7]);
    const error = await failureOf(db.query(`INSERT INTO ${table} VALUES ($1)`, [7]));
    expect(error).toMatchObject({ kind: 'client', attempts: 1, upstreamCode: '23505' });
    expect(error.message).toContain(
      `duplicate key value violates unique constraint "${table}_pkey"`,
    );
    expect(eventsOf(events, 'retry')).toEqual([]);
  });

  test('a data error does not repeat the parameter value it choked on', async () => {
    const { db } = await proxiedDb();
    const error = await failureOf(db.query('SELECT $1::int', ['hunter2-secret']));
    expect(error).toMatchObject({ kind: 'client', attempts: 1, upstreamCode: '22P02' });
    expect(JSON.stringify(error)).not.toContain('hunter2');
  });

  test('a wrong password fails at once as auth, without the password in the message', async () => {
    const wrong = `wrong-${postgres.password.slice(0, 4)}-pass`;
    const { db, events } = await proxiedDb({ connection: { password: wrong } });
    const started = performance.now();
    for (let i = 0; i < 6; i++) {
      const error = await failureOf(db.query('SELECT 1'));
      expect(error).toMatchObject({ kind: 'auth', retriable: false, attempts: 1 });
      expect(error.upstreamCode).toBe('28P01');
      expect(error.message).toMatch(
        /^postgres\.query failed after 1 attempt: password authentication failed for user/,
      );
      expect(error.cause).toBeInstanceOf(PostgresNotSentError);
      for (const text of [error.message, JSON.stringify(error)]) {
        expect(text).not.toContain(wrong);
        expect(text).not.toContain(postgres.password);
      }
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(eventsOf(events, 'retry')).toEqual([]);
    // Bad credentials say nothing about the server's health: the breaker stays closed.
    expect(db.breaker?.state.state).toBe('closed');
  });

  test('a transaction whose statement failed is not reported committed when the callback carried on', async () => {
    const { db } = await proxiedDb();
    const table = await createTable(admin, 'id int');
    const error = await failureOf(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (1)`);
        await tx.query('SELECT 1 / 0').catch(() => undefined);
      }),
    );
    expect(error).toMatchObject({ kind: 'client', attempts: 1, upstreamCode: '25P02' });
    expect(error.message).toContain('COMMIT rolled the transaction back');
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 0 }]);
  });
});

describe('5. the breaker opens', () => {
  test('after the threshold, calls fail at once with CircuitOpenError and none reaches the server', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
    });
    const table = await createTable(admin, 'id int');
    await proxy.down();
    for (let i = 0; i < 3; i++) {
      expect(await failureOf(db.query('SELECT 1'))).toMatchObject({ kind: 'connection' });
    }
    expect(db.breaker?.state.state).toBe('open');
    expect(eventsOf(events, 'breaker')).toMatchObject([
      { from: 'closed', to: 'open', reason: '3 consecutive failures' },
    ]);

    // The server is reachable again: only the breaker stands between it and the calls.
    await proxy.up();
    const attemptsBefore = eventsOf(events, 'attempt').length;
    const started = performance.now();
    for (let i = 0; i < 5; i++) {
      const error = await failureOf(db.query(`INSERT INTO ${table} VALUES ($1)`, [i]));
      expect(error).toBeInstanceOf(CircuitOpenError);
      expect(error).toMatchObject({ kind: 'circuit_open', attempts: 0 });
      expect(error.message).toMatch(
        /^postgres\.query rejected: circuit open \(next probe in \d+ ms\)$/,
      );
    }
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(eventsOf(events, 'attempt')).toHaveLength(attemptsBefore);
    expect(eventsOf(events, 'rejection')).toHaveLength(5);
    // Counted where it matters: no connection was opened, no row was written.
    expect(db.poolStats.total).toBe(0);
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table}`)).rows).toEqual([{ n: 0 }]);
  });
});

describe('6. the breaker recovers', () => {
  const breaker = { consecutiveFailures: 2, openDurationMs: 400 };

  async function openedBreaker() {
    const proxied = await proxiedDb({ retry: false, breaker });
    await proxied.proxy.down();
    for (let i = 0; i < 2; i++) await failureOf(proxied.db.query('SELECT 1'));
    expect(proxied.db.breaker?.state.state).toBe('open');
    return proxied;
  }

  test('half-open after the open time; a successful probe closes it', async () => {
    const { db, proxy, events } = await openedBreaker();
    await proxy.up();
    expect(await failureOf(db.query('SELECT 1'))).toBeInstanceOf(CircuitOpenError);
    await sleep(breaker.openDurationMs + 50);
    expect(db.breaker?.state.state).toBe('half_open');
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    expect(db.breaker?.state.state).toBe('closed');
    expect(eventsOf(events, 'breaker').map((e) => e.to)).toEqual(['open', 'half_open', 'closed']);
    expect((await db.query('SELECT 2 AS ok')).rows).toEqual([{ ok: 2 }]);
  });

  test('a failed probe opens it again', async () => {
    const { db, events } = await openedBreaker();
    await sleep(breaker.openDurationMs + 50);
    expect(await failureOf(db.query('SELECT 1'))).toMatchObject({
      kind: 'connection',
      attempts: 1,
    });
    expect(db.breaker?.state.state).toBe('open');
    expect(await failureOf(db.query('SELECT 1'))).toBeInstanceOf(CircuitOpenError);
    expect(eventsOf(events, 'breaker').map((e) => e.to)).toEqual(['open', 'half_open', 'open']);
  });
});

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

describe('8. timeouts', () => {
  test('a slow statement times out quickly, and the server stops running it', async () => {
    const { db } = await proxiedDb();
    const marker = uniqueName('slow');
    const started = performance.now();
    const error = await failureOf(
      db.query(`SELECT pg_sleep(5) /* ${marker} */`, [], { timeoutMs: 300 }),
    );
    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      'postgres.query timed out after 1 attempt: deadline of 300 ms exceeded',
    );
    expect(elapsedMs).toBeGreaterThanOrEqual(295);
    expect(elapsedMs).toBeLessThan(300 + 2_000);
    expect(await eventually(() => runningStatements(admin, marker), 0, 2_000)).toBe(0);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  test("the caller's abort cancels the statement on the server, not only the wait for it", async () => {
    // The attempt's time (and so the statement timeout) is 5 s: only a cancel request can
    // stop pg_sleep(5) within the second the test allows.
    const { db } = await proxiedDb();
    const marker = uniqueName('aborted');
    const controller = new AbortController();
    const call = db.query(`SELECT pg_sleep(5) /* ${marker} */`, [], { signal: controller.signal });
    call.catch(() => undefined);
    expect(await eventually(() => runningStatements(admin, marker), 1, 2_000)).toBe(1);
    controller.abort(new Error('the user went away'));
    const error = await failureOf(call);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toBe(
      'postgres.query aborted by the caller after 1 attempt: the user went away',
    );
    expect(await eventually(() => runningStatements(admin, marker), 0, 1_000)).toBe(0);
  });

  test("each attempt's time becomes the server's statement timeout", async () => {
    const { db } = await proxiedDb(); // timeout.attemptMs: 5_000
    const setting = async (options: Parameters<typeof db.query>[2]) =>
      (
        await db.query<{ setting: string }>(
          "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'",
          [],
          options,
        )
      ).rows[0]?.setting;
    expect(await setting({})).toBe('5000');
    expect(await setting({ timeoutMs: 1_234 })).toBe('1234');
    expect(await setting({ attemptTimeoutMs: 2_500 })).toBe('2500');
    const inTransaction = await db.transaction(
      async (tx) =>
        (await tx.query<{ s: string }>("SELECT current_setting('statement_timeout') AS s")).rows[0]
          ?.s,
      { timeoutMs: 3_000 },
    );
    expect(inTransaction).toBe('3s');
    // SET LOCAL: the transaction's value ended with it.
    expect(await setting({})).toBe('5000');
  });

  test("a statement the server's own statement timeout stops is a TimeoutError too", async () => {
    const { db } = await proxiedDb();
    const error = await failureOf(
      db.transaction(async (tx) => {
        await tx.query('SET LOCAL statement_timeout = 100');
        await tx.query('SELECT pg_sleep(2)');
      }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 1, upstreamCode: '57014' });
    expect(error.message).toBe(
      'postgres.transaction timed out after 1 attempt: statement timeout reached on the server (57014)',
    );
  });

  test('a blackholed server: the call times out, never hangs, and the pool lets go of it', async () => {
    const { db, proxy } = await proxiedDb({ retry: false });
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    const error = await failureOf(db.query('SELECT 1', [], { timeoutMs: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(500 + 2_000);
    // The connect it was waiting for ends at connectionTimeoutMillis (2 s here).
    expect(await eventually(() => db.poolStats.total, 0, 5_000)).toBe(0);
  });

  test('after many timed-out statements, no connection and no statement is left behind', async () => {
    const { db, applicationName } = await proxiedDb({ retry: false, breaker: false });
    const marker = uniqueName('many');
    const calls = Array.from({ length: 8 }, () =>
      failureOf(db.query(`SELECT pg_sleep(5) /* ${marker} */`, [], { timeoutMs: 400 })),
    );
    for (const error of await Promise.all(calls)) expect(error).toBeInstanceOf(TimeoutError);
    expect(await eventually(() => runningStatements(admin, marker), 0, 3_000)).toBe(0);
    // The timed-out connections were destroyed. Calls that timed out while queued for one get
    // theirs later and hand it straight back, clean: idle, none checked out, none waiting.
    const settled = () => {
      const { total, idle, waiting } = db.poolStats;
      return total === idle && waiting === 0;
    };
    expect(await eventually(settled, true, 3_000)).toBe(true);
    expect(db.poolStats.total).toBeLessThanOrEqual(4);
    // The server holds exactly the pool's sessions: none was orphaned.
    const total = db.poolStats.total;
    expect(await eventually(() => sessionsOf(admin, applicationName), total, 3_000)).toBe(total);
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await db.close();
    expect(db.poolStats).toEqual({ total: 0, idle: 0, waiting: 0 });
    expect(await eventually(() => sessionsOf(admin, applicationName), 0, 3_000)).toBe(0);
  });
});

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
    // nobody waits in the pool; two connections, six callers each sending five in a row.
    const { db } = await proxiedDb({ connection: { max: 2 } });
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
    expect(db.poolStats.total).toBeLessThanOrEqual(2);
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
    const before = openTcpSockets();
    const started = performance.now();
    await db.close();
    // One second of grace for the goodbye the server never answers, then the sockets go.
    expect(performance.now() - started).toBeLessThan(1_000 + 2_000);
    // At least the pool's sockets are gone (an idle keep-alive socket of the test's HTTP
    // client to Toxiproxy may close meanwhile too, never open).
    expect(before - openTcpSockets()).toBeGreaterThanOrEqual(pooled);
  });
});

describe('10. observability', () => {
  /** A pino logger that keeps its records, parsed, in memory. */
  function memoryLogger() {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { logger, lines, records };
  }

  test('retries and outcomes are structured records with context, and no secrets', async () => {
    const { db, proxy } = await proxiedDb({
      service: 'orders-db',
      retry: { maxAttempts: 10, backoff: { initialDelayMs: 50, maxDelayMs: 100 } },
      breaker: { consecutiveFailures: 50 },
    });
    const { logger, lines, records } = memoryLogger();
    using _logs = attachLogger(db.events, logger);
    const table = await createTable(admin, 'id int, secret text');
    const secretValue = 'hunter2-parameter-value';

    await proxy.down();
    const back = sleep(200).then(() => proxy.up());
    await db.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, secretValue], {
      context: { table },
    });
    await back;

    const all = records();
    const failedAttempt = all.find(
      (r) => r['event'] === 'bulwark.attempt' && r['outcome'] === 'failure',
    );
    expect(failedAttempt).toMatchObject({
      level: 30,
      service: 'orders-db',
      operation: 'query',
      attempt: 1,
      kind: 'connection',
      code: 'ECONNREFUSED',
      statement: 'INSERT',
      table,
    });
    expect(all.find((r) => r['event'] === 'bulwark.retry')).toMatchObject({
      level: 40,
      service: 'orders-db',
      operation: 'query',
      attempt: 1,
      delayMs: expect.any(Number),
      reason: 'connection refused',
      statement: 'INSERT',
      table,
    });
    expect(all.at(-1)).toMatchObject({
      level: 20,
      event: 'bulwark.call',
      outcome: 'success',
      attempts: expect.any(Number),
      table,
    });
    expect((all.at(-1)?.['attempts'] as number) >= 2).toBe(true);
    const text = lines.join('\n');
    expect(text).not.toContain(secretValue);
    expect(text).not.toContain(postgres.password);
  });

  test('a failed login is logged as an auth error, without the password', async () => {
    const wrong = 'not-the-password-Xy9';
    const { db } = await proxiedDb({ connection: { password: wrong } });
    const { logger, lines, records } = memoryLogger();
    using _logs = attachLogger(db.events, logger);
    await failureOf(db.query('SELECT 1', [], { context: { table: 'accounts' } }));
    expect(records().at(-1)).toMatchObject({
      level: 50,
      event: 'bulwark.call',
      service: 'postgres',
      operation: 'query',
      outcome: 'failure',
      attempts: 1,
      kind: 'auth',
      code: '28P01',
      giveUpReason: 'not_retriable',
      statement: 'SELECT',
      table: 'accounts',
      msg: expect.stringMatching(/password authentication failed/),
    });
    const text = lines.join('\n');
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(postgres.password);
  });
});

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
});
