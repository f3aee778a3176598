import { describe, expect, test } from 'vitest';
import { admin, connectionsNamed, eventsOf, key, proxiedRedis } from '../redis/redis-harness.ts';

describe('1. happy path', () => {
  test('strings, keys, hashes and lists return parsed replies, in one attempt each', async () => {
    const { client, events, name } = await proxiedRedis();
    const [text, counter, hash, list] = [key('text'), key('counter'), key('hash'), key('list')];

    await client.set(text, 'hello', { ttlMs: 60_000 });
    expect(await client.get(text)).toBe('hello');
    expect(await admin().pttl(text)).toBeGreaterThan(50_000);
    expect(await client.get(key('missing'))).toBeNull();
    expect(await client.incr(counter)).toBe(1);
    expect(await client.incr(counter)).toBe(2);
    expect(await client.expire(counter, 60)).toBe(true);
    expect(await client.expire(key('missing'), 60)).toBe(false);
    expect(await client.hset(hash, { a: '1', b: 2 })).toBe(2);
    expect(await client.hget(hash, 'b')).toBe('2');
    expect(await client.hgetall(hash)).toEqual({ a: '1', b: '2' });
    expect(await client.rpush(list, ['b', 'c'])).toBe(2);
    expect(await client.lpush(list, ['a'])).toBe(3);
    expect(await client.lrange(list, 0, -1)).toEqual(['a', 'b', 'c']);
    expect(await client.del([text, counter])).toBe(2);
    expect(await admin().exists(text, counter)).toBe(0);

    const calls = eventsOf(events, 'call');
    expect(calls).toHaveLength(14);
    expect(calls.every((call) => call.outcome === 'success' && call.attempts === 1)).toBe(true);
    expect(eventsOf(events, 'retry')).toEqual([]);
    expect(client.breaker?.state.state).toBe('closed');
    // One connection carried them all.
    expect(await connectionsNamed(name)).toBe(1);
  });

  test('command sends any command; batch and multi return every reply in order', async () => {
    const { client } = await proxiedRedis();
    const [zset, a, b] = [key('zset'), key('a'), key('b')];
    expect(await client.command('PING')).toBe('PONG');
    expect(await client.command('ZADD', zset, 2, 'two', 1, 'one')).toBe(2);
    expect(await client.command('ZRANGE', zset, 0, -1, { timeoutMs: 2_000 })).toEqual([
      'one',
      'two',
    ]);
    expect(
      await client.batch([
        ['SET', a, 'x'],
        ['INCR', b],
        ['GET', a],
      ]),
    ).toEqual(['OK', 1, 'x']);
    expect(
      await client.multi([
        ['INCR', b],
        ['INCRBY', b, 10],
        ['GET', b],
      ]),
    ).toEqual([2, 12, '12']);
  });
});
