import { unmaskedFields } from '../core/masked-values.ts';
import { describe, expect, test } from 'vitest';
import { markCallbackError } from './callback-errors.ts';
import { classifyPostgres } from './classify-postgres.ts';
import { PostgresNotSentError } from './postgres-not-sent-error.ts';

/** An error shaped like pg's DatabaseError: a SQLSTATE `code` and a severity. */
function sqlError(code: string, message = `error ${code}`, severity = 'ERROR'): Error {
  return Object.assign(new Error(message), { code, severity });
}

function netError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('classifyPostgres by SQLSTATE', () => {
  test.each([
    ['08006', 'connection', true],
    ['08001', 'connection', true],
    ['57P01', 'server', true],
    ['57P02', 'server', true],
    ['57P03', 'server', true],
    ['53300', 'throttled', true],
    ['28P01', 'auth', false],
    ['28000', 'auth', false],
    ['42601', 'client', false],
    ['42P01', 'client', false],
    ['42501', 'auth', false],
    ['22012', 'client', false],
    ['23505', 'client', false],
    ['23503', 'client', false],
    ['3D000', 'not_found', false],
    ['40003', 'server', false],
    ['XX000', 'server', false],
    ['ZZ999', 'server', false],
  ] as const)('%s is %s, retriable: %s', (code, kind, retriable) => {
    const classification = classifyPostgres(sqlError(code));
    expect(classification).toMatchObject({ kind, retriable, code });
    expect(classification.neverSent).toBeUndefined();
  });

  test('serialization failures and deadlocks rolled back, so even a write may run again', () => {
    for (const code of ['40001', '40P01']) {
      expect(classifyPostgres(sqlError(code))).toMatchObject({
        retriable: true,
        neverSent: true,
        code,
      });
    }
  });

  test('contention (serialization failure, deadlock, lock timeout) shows a server that works', () => {
    for (const code of ['40001', '40P01', '55P03']) {
      expect(classifyPostgres(sqlError(code))).toMatchObject({ serverHealthy: true, code });
    }
    expect(classifyPostgres(sqlError('57P01')).serverHealthy).toBeUndefined();
  });

  test('57014 is a timeout when our statement timeout cancelled it, else a deliberate cancel', () => {
    expect(
      classifyPostgres(sqlError('57014', 'canceling statement due to statement timeout')),
    ).toMatchObject({ kind: 'timeout', retriable: true, code: '57014' });
    expect(
      classifyPostgres(sqlError('57014', 'canceling statement due to user request')),
    ).toMatchObject({ kind: 'server', retriable: false, code: '57014' });
  });

  test("the server's message is the reason; values quoted in data errors are masked", () => {
    const syntax = sqlError('42601', 'syntax error at or near "SELEC"');
    expect(classifyPostgres(syntax).reason).toBe('syntax error at or near "SELEC"');
    const data = sqlError('22P02', 'invalid input syntax for type integer: "hunter2"');
    expect(classifyPostgres(data).reason).toBe('invalid input syntax for type integer: "…"');
  });
});

describe('classifyPostgres of network and driver errors', () => {
  test("Node's network errors by errno code; a refused connection was never sent", () => {
    expect(classifyPostgres(netError('ECONNREFUSED'))).toMatchObject({
      kind: 'connection',
      retriable: true,
      neverSent: true,
    });
    const reset = classifyPostgres(netError('ECONNRESET'));
    expect(reset).toMatchObject({ kind: 'connection', retriable: true, code: 'ECONNRESET' });
    expect(reset.neverSent).toBeUndefined();
  });

  test('a reset while connecting proves the statement was never sent', () => {
    const error = new PostgresNotSentError('connect', netError('ECONNRESET'));
    expect(classifyPostgres(error)).toMatchObject({
      kind: 'connection',
      retriable: true,
      neverSent: true,
      code: 'ECONNRESET',
    });
  });

  test('a wrong password while connecting is auth, not retried', () => {
    const auth = sqlError('28P01', 'password authentication failed for user "app"', 'FATAL');
    expect(classifyPostgres(new PostgresNotSentError('connect', auth))).toMatchObject({
      kind: 'auth',
      retriable: false,
      code: '28P01',
    });
  });

  test("pg's pool and connect timeouts never sent the statement", () => {
    const acquire = new Error('timeout exceeded when trying to connect');
    const connect = new Error('Connection terminated due to connection timeout', {
      cause: new Error('timeout expired'),
    });
    for (const error of [acquire, connect]) {
      expect(classifyPostgres(error)).toMatchObject({
        kind: 'connection',
        retriable: true,
        neverSent: true,
      });
    }
  });

  test('a connection lost mid-statement is retriable, but may have run', () => {
    const lost = classifyPostgres(new Error('Connection terminated unexpectedly'));
    expect(lost).toMatchObject({ kind: 'connection', retriable: true });
    expect(lost.neverSent).toBeUndefined();
  });

  test('a client pg refused to use was never sent; a closed pool is the caller’s to fix', () => {
    expect(
      classifyPostgres(new Error('Client has encountered a connection error and is not queryable')),
    ).toMatchObject({ kind: 'connection', retriable: true, neverSent: true });
    expect(
      classifyPostgres(new Error('Cannot use a pool after calling end on the pool')),
    ).toMatchObject({ kind: 'client', retriable: false });
  });

  test('anything else is an unknown server failure, not retried; never throws', () => {
    expect(classifyPostgres(new Error('something odd'))).toMatchObject({
      kind: 'server',
      retriable: false,
      reason: 'something odd',
    });
    for (const value of [undefined, null, 42, 'text', {}]) {
      expect(classifyPostgres(value)).toMatchObject({ kind: 'server', retriable: false });
    }
  });

  test("a transaction callback's own failure is the caller's, unless the database caused it", () => {
    const own = new Error('insufficient funds');
    markCallbackError(own);
    expect(classifyPostgres(own)).toMatchObject({
      kind: 'client',
      retriable: false,
      reason: 'the transaction callback threw: insufficient funds',
    });
    const fromDatabase = sqlError('40001', 'could not serialize access');
    markCallbackError(fromDatabase);
    expect(classifyPostgres(fromDatabase)).toMatchObject({ retriable: true, code: '40001' });
  });
});

describe('classifyPostgres masks the values a server error repeats', () => {
  test('in the message of a data error, the detail and the where, keeping the originals', () => {
    const error = Object.assign(new Error('invalid input syntax for type integer: "s3cr3t"'), {
      code: '22P02',
      detail: 'Key (email)=(a@b.c) already exists.',
      where: "unnamed portal parameter $1 = 's3cr3t'",
    });
    classifyPostgres(error);
    expect(error.message).toBe('invalid input syntax for type integer: "…"');
    expect(error.stack).not.toContain('s3cr3t');
    expect(error.detail).toBe('Key (email)=(…) already exists.');
    expect(error.where).toBe("unnamed portal parameter $1 = '…'");
    expect(unmaskedFields(error)).toEqual({
      message: 'invalid input syntax for type integer: "s3cr3t"',
      detail: 'Key (email)=(a@b.c) already exists.',
      where: "unnamed portal parameter $1 = 's3cr3t'",
    });
    classifyPostgres(error);
    expect(unmaskedFields(error)?.['message']).toContain('s3cr3t');
  });

  test('leaves messages of other classes, which name objects and not values', () => {
    const error = Object.assign(new Error('relation "orders" does not exist'), { code: '42P01' });
    classifyPostgres(error);
    expect(error.message).toBe('relation "orders" does not exist');
    expect(unmaskedFields(error)).toBeUndefined();
  });
});
