import { describe, expect, test } from 'vitest';
import { createPostgresClient } from '../../../../src/postgres/index.ts';
import {
  connectionVia,
  createTable,
  eventsOf,
  failureOf,
  postgres,
  proxiedDb,
} from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

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

describe('1. happy path: a client made from a URL', () => {
  test('connects where the url says, as psql and pg users write it', async () => {
    const { user, password, host, port, database } = connectionVia(postgres);
    const url = `postgres://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`;
    const db = createPostgresClient({ url, connection: { max: 1 } });
    try {
      const { rows } = await db.query<{ db: string }>('SELECT current_database() AS db');
      expect(rows).toEqual([{ db: database }]);
    } finally {
      await db.close();
    }
  });
});
