// After a fault ends, bulwark is back within 250 ms of the raw driver: its recovery check
// finds the service while the circuit is open, instead of waiting out the open time (30 s here).
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { resetPeer, timeout } from '../../../../src/testkit/faults/toxics.ts';
import { useFaultProxy } from '../../../../src/testkit/vitest/index.ts';
import { recoveryMs } from '../../support/recovery.ts';
import { connectionVia, key, proxiedRedis, redisService } from './redis-harness.ts';

/** Raw ioredis through a proxy of its own, as an application would use it. */
async function rawRedis() {
  const proxy = await useFaultProxy(redisService.proxyUpstream);
  const client = new Redis(connectionVia(proxy));
  client.on('error', () => undefined);
  onTestFinished(() => void client.disconnect());
  return { client, proxy };
}

describe('6. the breaker recovers: within 250 ms of the raw driver', () => {
  it.each([
    ['reset', () => resetPeer({ direction: 'upstream' })],
    ['blackhole', () => timeout({ timeoutMs: 0, direction: 'upstream' })],
  ])('after a %s', async (_, fault) => {
    const bulwark = await proxiedRedis({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 300 },
      breaker: { consecutiveFailures: 2, openDurationMs: 30_000 },
    });
    const raw = await rawRedis();
    const k = key();
    await Promise.all([bulwark.client.get(k), raw.client.get(k)]);
    const faults = await Promise.all([bulwark.proxy.inject(fault()), raw.proxy.inject(fault())]);
    for (let i = 0; i < 4; i++) await bulwark.client.get(k).catch(() => undefined);
    expect(bulwark.client.breaker?.state.state).toBe('open');
    await sleep(500);
    await Promise.all(faults.map((f) => f.remove()));
    const ended = performance.now();
    const [bulwarkMs, rawMs] = await Promise.all([
      recoveryMs(() => bulwark.client.get(k), ended),
      recoveryMs(() => raw.client.get(k), ended),
    ]);
    expect(bulwarkMs).toBeLessThanOrEqual(rawMs + 250);
  });
});
