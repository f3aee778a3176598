import { describe, expect, test } from 'vitest';
import { uniqueName } from '../../../../src/testkit/isolation.ts';
import { eventually, proxiedDb, runningStatements } from './fixture.ts';
import { admin } from './postgres-suite.ts';

describe('hedging (read-only queries)', () => {
  test('a hedge on another pooled connection wins; the slow query is cancelled on the server', async () => {
    const { db, events } = await proxiedDb({ hedge: { floorMs: 30 } });
    const marker = uniqueName('hedged');
    // Slow unless in a READ ONLY transaction: the first attempt sleeps; the hedge, sent after
    // the first was (so, like a retry of a read, read-only), answers at once.
    const text = `SELECT pg_sleep(CASE WHEN current_setting('transaction_read_only') = 'on' THEN 0 ELSE 5 END) /* ${marker} */`;
    for (let i = 0; i < 20; i++) await db.query('SELECT 1');
    events.length = 0;

    const started = performance.now();
    await db.query(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    const hedges = events.filter((event) => event.type === 'hedge');
    expect(hedges.map((event) => event.outcome)).toEqual(['sent', 'won']);
    // The first attempt's statement may finish within the grace a beaten statement gets (its
    // reply is usually close: a connection kept beats one made anew), then it is cancelled,
    // not left sleeping on the server for the rest of its 5 s.
    expect(await runningStatements(admin, marker)).toBe(1);
    expect(await eventually(() => runningStatements(admin, marker), 0, 3_000)).toBe(0);
    expect(performance.now() - started).toBeLessThan(4_000);
    // And its connection serves again.
    expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  });

  test('with maxHedges 2, a second hedge gets past a first that is slow too', async () => {
    const { db, events } = await proxiedDb({ hedge: { floorMs: 30, maxHedges: 2 } });
    const marker = uniqueName('hedged-twice');
    const [first, second] = [Math.floor(Math.random() * 1e9), Math.floor(Math.random() * 1e9)];
    // The first attempt takes one lock and sleeps, the first hedge the other and sleeps; the
    // second hedge finds both taken and answers at once. Told idempotent: bulwark takes no
    // statement with an advisory lock for a read on its own.
    const text =
      `SELECT CASE WHEN pg_try_advisory_xact_lock(${first}) THEN pg_sleep(5) ` +
      `WHEN pg_try_advisory_xact_lock(${second}) THEN pg_sleep(5) ELSE pg_sleep(0) END /* ${marker} */`;
    for (let i = 0; i < 20; i++) await db.query('SELECT 1');
    events.length = 0;

    // Other calls answer meanwhile: the upstream is slow for some statements, not stuck (with
    // nothing answering, bulwark sends no hedge after one that went unanswered as long).
    let querying = true;
    const others = (async () => {
      while (querying) await db.query('SELECT 1');
    })();
    const started = performance.now();
    await db.query(text, [], { idempotent: true });
    const tookMs = performance.now() - started;
    querying = false;
    await others;
    expect(tookMs).toBeLessThan(2_000);
    const hedges = events.filter((event) => event.type === 'hedge');
    expect(hedges.map((event) => [event.outcome, event.attempt])).toEqual([
      ['sent', 2],
      ['sent', 3],
      ['lost', 2],
      ['won', 3],
    ]);
    // Both beaten statements are stopped on the server, not left sleeping.
    expect(await eventually(() => runningStatements(admin, marker), 0, 3_000)).toBe(0);
  });

  test('a write is never hedged, even as the same operation as hedged reads', async () => {
    const { db, events } = await proxiedDb({ hedge: { floorMs: 30 } });
    const table = uniqueName('hedge_writes').replaceAll('-', '_');
    await admin.query(`CREATE TABLE ${table} (n int)`);
    for (let i = 0; i < 20; i++) await db.query('SELECT 1');
    await db.query(`INSERT INTO ${table} SELECT 1 FROM pg_sleep(0.3)`);
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows).toEqual([{ n: 1 }]);
    expect(events.some((event) => event.type === 'hedge')).toBe(false);
  });

  test('no hedge when the pool has no connection free for it: it would only queue', async () => {
    const { db, events } = await proxiedDb({ hedge: { floorMs: 30 }, connection: { max: 1 } });
    for (let i = 0; i < 20; i++) await db.query('SELECT 1');
    const started = performance.now();
    await db.query('SELECT pg_sleep(0.3)');
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    expect(events.some((event) => event.type === 'hedge')).toBe(false);
  });
});
