// A connection's set-up is bounded by connectTimeoutMs, not by the attempt that began it: one
// that is slow but getting there serves the next attempt instead of being cut and begun anew.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { latency } from '../../../../src/testkit/faults/toxics.ts';
import { TimeoutError, UpstreamError } from '../../../../src/index.ts';
import { eventsOf, key, proxiedRedis, redisService } from './redis-harness.ts';

/** The id Redis gives the next connection it accepts now: ids only grow. */
async function connectionIdNow(): Promise<number> {
  const { host, port, password } = redisService;
  const direct = new Redis({ host, port, password, maxRetriesPerRequest: 1 });
  try {
    return Number(await direct.call('CLIENT', 'ID'));
  } finally {
    direct.disconnect();
  }
}

describe('2. transient failure then success: a slow connection set-up', () => {
  it('a connection still being made when its attempt timed out serves the retry', async () => {
    // Replies 400 ms late while the connection is being made: longer than an attempt's 300 ms.
    const { client, proxy, events } = await proxiedRedis({
      timeout: { attemptMs: 300, totalMs: 5_000 },
      retry: { maxAttempts: 4, backoff: { initialDelayMs: 50, maxDelayMs: 50, jitter: 'none' } },
    });
    const slow = await proxy.inject(latency({ latencyMs: 400, direction: 'downstream' }));
    const reply = client.get(key());
    await sleep(150);
    const marker = await connectionIdNow();
    await sleep(200);
    await slow.remove();
    expect(await reply).toBeNull();
    expect(eventsOf(events, 'attempt').map((e) => e.outcome)).toEqual(['failure', 'success']);
    // The connection that answered was accepted before the marker: the first attempt's, not
    // one begun anew after that attempt timed out.
    const served = Number(await client.command('CLIENT', 'ID'));
    expect(served).toBeLessThan(marker);
  });

  it('a set-up that cannot finish within connectTimeoutMs is cut', async () => {
    const { client, proxy } = await proxiedRedis({
      connectTimeoutMs: 300,
      timeout: { attemptMs: 2_000, totalMs: 2_000 },
      retry: false,
    });
    await proxy.inject(latency({ latencyMs: 1_000, direction: 'downstream' }));
    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'connection' });
    expect(String((error as Error & { cause: Error }).cause.cause)).toContain(
      'connection set-up took longer than 300 ms',
    );
  });
});
