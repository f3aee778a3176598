import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, test } from 'vitest';
import { attachLogger } from '../../../../src/core/telemetry/attach-logger.ts';
import { unmaskedFields } from '../../../../src/core/masked-values.ts';
import { createTable, failureOf, postgres, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

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

describe('10. observability: an error logged the pino way', () => {
  test("writes no value of the call's, which the error's cause keeps apart", async () => {
    const lines: string[] = [];
    const logger = pino({}, { write: (line: string) => void lines.push(line) });
    const { db } = await proxiedDb();
    const table = await createTable(admin, 'id int PRIMARY KEY, secret text');
    await db.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'first']);
    const badInput = await failureOf(db.query('SELECT $1::int', ['hunter2-in-a-parameter']));
    const duplicate = await failureOf(
      db.query(`INSERT INTO ${table} VALUES ($1, $2)`, [1, 'pw-of-the-duplicate']),
    );
    logger.error({ err: badInput }, 'query failed');
    logger.error({ err: duplicate }, 'insert failed');
    const written = lines.join('\n');
    expect(written).toContain('22P02');
    expect(written).toContain(`${table}_pkey`);
    expect(written).not.toContain('hunter2');
    expect(written).not.toContain('Key (id)=(1)');
    // The cause is still the driver's error, its fields kept, its originals reachable.
    expect(badInput.cause).toMatchObject({ code: '22P02', name: 'error' });
    expect(unmaskedFields(badInput.cause)?.['message']).toContain('hunter2-in-a-parameter');
    expect(duplicate.cause).toMatchObject({ code: '23505', constraint: `${table}_pkey` });
    expect(unmaskedFields(duplicate.cause)?.['detail']).toBe('Key (id)=(1) already exists.');
  });
});
