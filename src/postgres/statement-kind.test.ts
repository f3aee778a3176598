import { describe, expect, test } from 'vitest';
import { isReadOnlyStatement, leadingKeyword, statementFacts } from './statement-kind.ts';

describe('leadingKeyword', () => {
  test.each([
    ['SELECT 1', 'SELECT'],
    ['  select * from t', 'SELECT'],
    ['-- report\n  SELECT 1', 'SELECT'],
    ['/* request 42 */ insert into t values ($1)', 'INSERT'],
    ['(SELECT 1) UNION (SELECT 2)', 'SELECT'],
    ['WITH x AS (SELECT 1) SELECT * FROM x', 'WITH'],
    ['', ''],
    ['   ', ''],
    ['$1', ''],
  ])('%j starts with %j', (text, keyword) => {
    expect(leadingKeyword(text)).toBe(keyword);
  });
});

describe('isReadOnlyStatement', () => {
  test.each([
    'SELECT 1',
    'select name from users where id = $1',
    'SHOW statement_timeout',
    'VALUES (1), (2)',
    'TABLE users',
    'WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent',
    'EXPLAIN SELECT * FROM users',
    '/* tag */ (SELECT 1)',
  ])('reads: %j', (text) => {
    expect(isReadOnlyStatement(text)).toBe(true);
  });

  test.each([
    'INSERT INTO t VALUES (1)',
    'UPDATE t SET a = 1',
    'DELETE FROM t',
    'CREATE TABLE t (a int)',
    'BEGIN',
    'WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone',
    'SELECT * INTO copy FROM t',
    'SELECT * FROM t FOR UPDATE',
    "SELECT nextval('ids')",
    'SELECT pg_advisory_lock(1)',
    'SELECT pg_terminate_backend(123)',
    'SELECT 1; DELETE FROM t',
    'EXPLAIN ANALYZE INSERT INTO t VALUES (1)',
    'CALL do_things()',
    '',
  ])('writes (or may): %j', (text) => {
    expect(isReadOnlyStatement(text)).toBe(false);
  });
});

describe('statementFacts', () => {
  test('reads a text once: the same facts, and one shared context, on every call', () => {
    const first = statementFacts('SELECT * FROM users WHERE id = $1');
    expect(first).toEqual({
      keyword: 'SELECT',
      readOnly: true,
      context: { statement: 'SELECT' },
    });
    expect(statementFacts('SELECT * FROM users WHERE id = $1')).toBe(first);
    expect(Object.isFrozen(first.context)).toBe(true);
    expect(statementFacts('DELETE FROM users')).toMatchObject({
      keyword: 'DELETE',
      readOnly: false,
    });
  });
});
