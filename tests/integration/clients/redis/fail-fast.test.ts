import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { eventsOf, key, proxiedRedis, redisService } from '../redis/redis-harness.ts';

describe('4. fail fast', () => {
  test('WRONGTYPE is the caller’s error: one attempt, and the breaker does not count it', async () => {
    const { client, events } = await proxiedRedis({ breaker: { consecutiveFailures: 2 } });
    const list = key('list');
    await client.rpush(list, ['a']);
    for (let i = 0; i < 3; i++) {
      await expect(client.get(list)).rejects.toMatchObject({
        name: 'UpstreamError',
        kind: 'client',
        retriable: false,
        attempts: 1,
        upstreamCode: 'WRONGTYPE',
        message:
          'redis.get failed after 1 attempt: WRONGTYPE Operation against a key holding the wrong kind of value',
      });
    }
    expect(eventsOf(events, 'retry')).toEqual([]);
    expect(client.breaker?.state.state).toBe('closed');
  });

  test('a syntax error and an unknown command fail at once', async () => {
    const { client } = await proxiedRedis();
    await expect(client.command('SET', key())).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      message: expect.stringContaining("wrong number of arguments for 'set' command"),
    });
    await expect(client.command('NOSUCHCOMMAND')).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      upstreamCode: 'ERR',
    });
  });

  test('a wrong password fails once, as auth, and the message holds no password', async () => {
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const { client, events } = await proxiedRedis({ password: wrong });
    const started = performance.now();
    const error = await client.get(key()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'auth',
      retriable: false,
      attempts: 1,
      upstreamCode: 'WRONGPASS',
      message: 'redis.get failed after 1 attempt: wrong username or password (WRONGPASS)',
    });
    expect(eventsOf(events, 'attempt')).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
    const text = `${String(error)} ${JSON.stringify(error)} ${JSON.stringify(events)}`;
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(redisService.password);
  });
});
