import { describe, expect, test } from 'vitest';
import { AbortedError, TimeoutError } from '../../../../src/core/errors.ts';
import { timeout } from '../../../../src/testkit/faults/toxics.ts';
import { uniqueName } from '../../../../src/testkit/isolation.ts';
import {
  createTable,
  eventually,
  failureOf,
  proxiedDb,
  runningStatements,
  sessionsOf,
} from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

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

  test("a call waiting its turn for a busy pool's connection: its attempt's time starts when the turn comes", async () => {
    // One connection, busy for 400 ms. The write behind it waits 400 ms for its turn, then
    // needs 200 ms: more than its 500 ms attempt in all, yet its statement took 200 of them.
    // The raw pool serves it; so must bulwark, and once (a write that was sent is not retried).
    const { db, events } = await proxiedDb({
      connection: { max: 1 },
      timeout: { attemptMs: 500, totalMs: 3_000 },
    });
    const table = await createTable(admin, 'id int PRIMARY KEY, runs int NOT NULL DEFAULT 1');
    await db.query('SELECT 1');
    const busy = db.query('SELECT pg_sleep(0.4)');
    const write = db.query(
      `INSERT INTO ${table} AS t (id) SELECT 1 FROM pg_sleep(0.2)
        ON CONFLICT (id) DO UPDATE SET runs = t.runs + 1`,
      [],
      { idempotent: false },
    );
    await Promise.all([busy, write]);
    const { rows } = await admin.query<{ runs: number }>(`SELECT runs FROM ${table}`);
    expect(rows).toEqual([{ runs: 1 }]);
    expect(events.filter((e) => e.type === 'timeout')).toEqual([]);
  });

  test('a call that waits its turn past the deadline fails as the deadline, not the attempt', async () => {
    // The one connection runs a statement for a second, which sends a notice every 50 ms: the
    // server answers, so the queue moves, and the call behind waits on to its deadline.
    const ticking =
      "DO $$ BEGIN FOR i IN 1..20 LOOP RAISE NOTICE 'tick'; PERFORM pg_sleep(0.05); END LOOP; END $$";
    const { db, busy } = await oneBusyConnection(ticking);
    const started = performance.now();
    const error = await failureOf(db.query('SELECT 1'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(595);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(
      'postgres.query timed out after 1 attempt: deadline of 600 ms exceeded',
    );
    await busy;
  });

  test('a call waiting its turn behind a server that sends nothing times out as its attempt', async () => {
    const { db, busy } = await oneBusyConnection('SELECT pg_sleep(1)');
    const error = await failureOf(db.query('SELECT 1'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('postgres.query timed out after 1 attempt: attempt exceeded 200 ms');
    await busy;
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

/**
 * A client of one connection (attempts of 200 ms, calls of 600), busy running `statement`
 * with time enough of its own: a call made now waits its turn behind it.
 */
async function oneBusyConnection(statement: string) {
  const { db } = await proxiedDb({
    connection: { max: 1 },
    timeout: { attemptMs: 200, totalMs: 600 },
    retry: false,
  });
  await db.query('SELECT 1');
  const busy = db.query(statement, [], { timeoutMs: 5_000, attemptTimeoutMs: 5_000 });
  return { db, busy };
}
