// After a fault ends, bulwark is back within 250 ms of the raw driver: its recovery check
// finds the server while the circuit is open, instead of waiting out the open time (30 s here).
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resetPeer, timeout } from '../../../../src/testkit/faults/toxics.ts';
import { useFaultProxy } from '../../../../src/testkit/faults/use-fault-proxy.ts';
import { recoveryMs } from '../../support/recovery.ts';
import { connectionVia, postgres, proxiedDb } from '../postgres/fixture.ts';

/** A raw pg pool through a proxy of its own, as an application would use it. */
async function rawPool() {
  const proxy = await useFaultProxy(postgres.proxyUpstream);
  const pool = new pg.Pool({ ...connectionVia(proxy), max: 4 });
  pool.on('error', () => undefined);
  onTestFinished(() => pool.end());
  return { pool, proxy };
}

describe('6. the breaker recovers: within 250 ms of the raw driver', () => {
  it.each([
    ['reset', () => resetPeer({ direction: 'upstream' })],
    ['blackhole', () => timeout({ timeoutMs: 0, direction: 'upstream' })],
  ])('after a %s', async (_, fault) => {
    const bulwark = await proxiedDb({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 300 },
      breaker: { consecutiveFailures: 2, openDurationMs: 30_000 },
    });
    const raw = await rawPool();
    await Promise.all([bulwark.db.query('SELECT 1'), raw.pool.query('SELECT 1')]);
    const faults = await Promise.all([bulwark.proxy.inject(fault()), raw.proxy.inject(fault())]);
    for (let i = 0; i < 4; i++) await bulwark.db.query('SELECT 1').catch(() => undefined);
    expect(bulwark.db.breaker?.state.state).toBe('open');
    await sleep(500);
    await Promise.all(faults.map((f) => f.remove()));
    const ended = performance.now();
    const [bulwarkMs, rawMs] = await Promise.all([
      recoveryMs(() => bulwark.db.query('SELECT 1'), ended),
      recoveryMs(() => raw.pool.query('SELECT 1'), ended),
    ]);
    expect(bulwarkMs).toBeLessThanOrEqual(rawMs + 250);
  });
});
