import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { CircuitOpenError } from '../../../../src/core/errors.ts';
import { eventsOf, failureOf, proxiedDb } from '../postgres/fixture.ts';

describe('6. the breaker recovers', () => {
  // Exact, for the test to time: the open time's jitter has tests of its own.
  const breaker = { consecutiveFailures: 2, openDurationMs: 400, openJitter: 0 };
  // recoveryCheck off: its first check comes at any moment within its interval of the
  // opening; these tests time the open state (recovery-bound.test.ts proves the check).

  async function openedBreaker() {
    const proxied = await proxiedDb({ retry: false, breaker, recoveryCheck: false });
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
