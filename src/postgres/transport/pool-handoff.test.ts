// PoolHandoff's rules against a stand-in pool that records what it is given back; the real
// pool's side (sessions, waiting callers, close) is proven in the PostgreSQL integration tests.
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { expect, test } from 'vitest';
import { PoolHandoff, type ConnectCallback } from './pool-handoff.ts';
import { watchSession } from './session-watch.ts';

/** A pooled connection that notes how the pool got it back: returned or destroyed. */
class StandInClient extends EventEmitter {
  readonly checkIns: Array<'returned' | 'destroyed'> = [];
  constructor() {
    super();
    watchSession(this as unknown as PoolClient);
  }
  release(destroy?: boolean): void {
    this.checkIns.push(destroy === true ? 'destroyed' : 'returned');
  }
}

/** Hands out fresh connections, and shows the counts and ending flag the test sets. */
class StandInPool {
  readonly options = { max: 4 };
  totalCount = 0;
  idleCount = 0;
  waitingCount = 0;
  ending = false;
  made = 0;
  connect(callback: ConnectCallback): void {
    this.made++;
    const client = new StandInClient();
    callback(undefined, client as unknown as PoolClient);
  }
}

function setUp(keeps = true) {
  const pool = new StandInPool();
  const handoff = new PoolHandoff(pool as unknown as Pool, keeps);
  const take = () => {
    let taken: StandInClient | undefined;
    handoff.connect((_error, client) => {
      taken = client as unknown as StandInClient;
    });
    if (taken === undefined) throw new Error('connect did not call back');
    return taken;
  };
  const release = (client: StandInClient, destroy = false) =>
    handoff.release(client as unknown as PoolClient, destroy);
  return { pool, handoff, take, release };
}

test('a connection let go of is handed to the next statement of the same turn, not the pool', () => {
  const { pool, handoff, take, release } = setUp();
  const first = take();
  release(first);
  expect(handoff.keptCount).toBe(1);
  expect(take()).toBe(first);
  expect(first.checkIns).toEqual([]);
  expect(pool.made).toBe(1);
});

test('what no statement took goes back to the pool at the end of the turn', async () => {
  const { handoff, take, release } = setUp();
  const [a, b] = [take(), take()];
  release(a);
  release(b);
  expect(handoff.keptCount).toBe(2);
  await nextTurn();
  expect(handoff.keptCount).toBe(0);
  expect([a.checkIns, b.checkIns]).toEqual([['returned'], ['returned']]);
});

test('callers waiting in the pool are served first: nothing is kept while they wait', () => {
  const { pool, handoff, take, release } = setUp();
  const client = take();
  pool.waitingCount = 1;
  release(client);
  expect(handoff.keptCount).toBe(0);
  expect(client.checkIns).toEqual(['returned']);
});

test('a connection to destroy, or let go of while the pool ends, goes straight to the pool', () => {
  const { pool, handoff, take, release } = setUp();
  const broken = take();
  release(broken, true);
  const last = take();
  pool.ending = true;
  release(last);
  expect(handoff.keptCount).toBe(0);
  expect(broken.checkIns).toEqual(['destroyed']);
  expect(last.checkIns).toEqual(['returned']);
});

test('a kept connection whose socket failed meanwhile is destroyed, never handed over', async () => {
  const { handoff, take, release } = setUp();
  const [failing, healthy] = [take(), take()];
  release(healthy);
  release(failing);
  failing.emit('error', new Error('read ECONNRESET'));
  expect(take()).toBe(healthy);
  expect(failing.checkIns).toEqual(['destroyed']);
  release(healthy);
  const later = take();
  release(later);
  later.emit('error', new Error('read ECONNRESET'));
  await nextTurn();
  expect(later.checkIns).toEqual(['destroyed']);
  expect(handoff.keptCount).toBe(0);
});

test('a pool that counts uses or ages connections sees every check-in', () => {
  const { handoff, take, release } = setUp(false);
  const client = take();
  release(client);
  expect(handoff.keptCount).toBe(0);
  expect(client.checkIns).toEqual(['returned']);
});

test('returnKept() before closing gives everything back at once', () => {
  const { handoff, take, release } = setUp();
  const client = take();
  release(client);
  handoff.returnKept();
  expect(client.checkIns).toEqual(['returned']);
  expect(handoff.keptCount).toBe(0);
});

test('says when the caller waits its turn: the pool at its size, no idle connection for it', () => {
  const { pool, handoff } = setUp();
  const connect = () => handoff.connect(() => undefined);
  expect(connect()).toBe(false); // room for a new connection
  pool.totalCount = 4;
  pool.idleCount = 1;
  expect(connect()).toBe(false); // an idle one for it
  pool.waitingCount = 1;
  expect(connect()).toBe(true); // the idle one goes to the caller ahead
  pool.idleCount = 0;
  pool.waitingCount = 0;
  expect(connect()).toBe(true);
});
