import { describe, expect, test } from 'vitest';
import { CircuitOpenError } from '../../../../src/core/errors.ts';
import { createTable, eventsOf, failureOf, proxiedDb } from '../postgres/fixture.ts';
import { admin } from './postgres-suite.ts';

describe('5. the breaker opens', () => {
  test('after the threshold, calls fail at once with CircuitOpenError and none reaches the server', async () => {
    const { db, proxy, events } = await proxiedDb({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
      // Off: its first check comes at any moment within its interval of the opening, and
      // would find the server back (recovery-bound.test.ts proves that); here only the open
      // circuit stands between the calls and the server.
      recoveryCheck: false,
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
