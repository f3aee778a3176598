import { describe, expect, test } from 'vitest';
import { UpstreamError } from '../../../../src/core/errors.ts';
import { PostgresNotSentError } from '../../../../src/postgres/index.ts';
import { createTable, eventsOf, failureOf, postgres, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

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
