import { describe, expect, it } from 'vitest';
import { resolveRedisOptions } from './redis-options.ts';

describe('the url option', () => {
  it('says where and how to connect, as redis:// URLs do', () => {
    const { ioredis } = resolveRedisOptions({ url: 'redis://app:s%40cret@cache.internal:6380/3' });
    expect(ioredis).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      username: 'app',
      password: 's@cret',
      db: 3,
    });
    const bare = resolveRedisOptions({ url: 'redis://:pw@[::1]' }).ioredis;
    expect(bare).toMatchObject({ host: '::1', port: 6379, password: 'pw', db: 0 });
    expect(bare).not.toHaveProperty('username');
  });

  it.each([
    [{ url: 'rediss://cache:6379' }, /TLS \(rediss:\/\/\) is not supported yet/],
    [{ url: 'http://cache:6379' }, /must be a redis:\/\/ URL \(got scheme http\)/],
    [{ url: 'redis://cache:6379/zero' }, /the path must be a database number/],
    [{ url: 'not a url' }, /option url is no URL/],
    [{ url: 42 }, /option url must be a string \(got number\)/],
    [{ url: 'redis://cache', port: 6380 }, /options url and port both say how to connect/],
  ])('refuses %j, naming what is wrong', (options, message) => {
    expect(() => resolveRedisOptions(options as never)).toThrow(message);
  });

  it('never shows the URL, which may carry a password', () => {
    const attempt = () => resolveRedisOptions({ url: 'redis://u:hunter2@cache/x' });
    expect(attempt).toThrow(/database number/);
    expect(attempt).not.toThrow(/hunter2/);
  });
});
