import { describe, expect, test } from 'vitest';
import { UpstreamError } from '../../../../src/core/errors.ts';
import { resetPeer } from '../../../../src/testkit/faults/toxics.ts';
import { eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('3. retry exhaustion', () => {
  test('every attempt refused: an UpstreamError with the attempts and the cause, no endless loop', async () => {
    const { client, proxy, events } = await proxiedRedis({ breaker: false });
    await proxy.down();
    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      service: 'redis',
      operation: 'get',
      kind: 'connection',
      retriable: true,
      attempts: 3,
      upstreamCode: 'ECONNREFUSED',
      message:
        'redis.get failed after 3 attempts: could not connect: connection refused (ECONNREFUSED)',
    });
    expect(eventsOf(events, 'attempt')).toHaveLength(3);
    expect(eventsOf(events, 'call')[0]).toMatchObject({ giveUpReason: 'max_attempts' });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  test('every connection reset: the message says so', async () => {
    const { client, proxy } = await proxiedRedis({ breaker: false });
    await proxy.inject(resetPeer());
    await expect(client.get(key())).rejects.toMatchObject({
      kind: 'connection',
      attempts: 3,
      message: expect.stringMatching(
        /^redis\.get failed after 3 attempts: .*connection reset \(ECONNRESET\)$/,
      ),
    });
  });
});
