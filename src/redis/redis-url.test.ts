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
    [{ url: 'http://cache:6379' }, /must be a redis:\/\/ or rediss:\/\/ URL \(got scheme http\)/],
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

describe('the tls option', () => {
  it('is turned on by rediss://, and given its CA and client certificate by tls', () => {
    expect(resolveRedisOptions({ url: 'rediss://:pw@cache:6380' }).ioredis.tls).toEqual({});
    expect(resolveRedisOptions({ url: 'redis://:pw@cache' }).ioredis).not.toHaveProperty('tls');
    const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const given = { ca, cert: ca, key: 'KEY', servername: 'cache.internal' };
    expect(resolveRedisOptions({ url: 'rediss://cache', tls: given }).ioredis.tls).toEqual(given);
    expect(resolveRedisOptions({ host: 'cache', tls: true }).ioredis.tls).toEqual({});
  });

  it.each([
    [
      { tls: 'yes' },
      /option tls must be true or \{ ca, cert, key, servername, rejectUnauthorized \}/,
    ],
    [{ tls: { cafile: '/etc/ca.pem' } }, /unknown option tls\.cafile/],
    [{ tls: { ca: 42 } }, /option tls\.ca must be PEM text/],
    [{ tls: { cert: 'CERT' } }, /options tls\.cert and tls\.key go together/],
    [{ tls: { rejectUnauthorized: 'no' } }, /tls\.rejectUnauthorized must be true or false/],
  ])('refuses %j, naming what is wrong', (options, message) => {
    expect(() => resolveRedisOptions(options as never)).toThrow(TypeError);
    expect(() => resolveRedisOptions(options as never)).toThrow(message);
  });

  it('never shows the key', () => {
    const attempt = () => resolveRedisOptions({ tls: { key: 'PRIVATE-KEY-TEXT' } as never });
    expect(attempt).toThrow(/go together/);
    expect(attempt).not.toThrow(/PRIVATE-KEY-TEXT/);
  });
});

describe('the cluster option', () => {
  it('gives the nodes a Cluster is found from', () => {
    const resolved = resolveRedisOptions({
      cluster: { nodes: [{ host: '10.0.0.1', port: 7000 }] },
      password: 'pw',
    });
    expect(resolved.cluster).toEqual([{ host: '10.0.0.1', port: 7000 }]);
    expect(resolved.ioredis).toMatchObject({ password: 'pw' });
  });

  it.each([
    [
      { cluster: { nodes: [] } },
      /option cluster must be \{ nodes: \[\{ host, port \}, \.\.\.\] \}/,
    ],
    [
      { cluster: { nodes: [{ host: 'h', port: 0 }] } },
      /cluster\.nodes\[0\]\.port must be an integer from 1 to 65535/,
    ],
    [
      { cluster: { nodes: [{ host: 'h', port: 7000 }] }, host: 'h' },
      /options cluster and host both say where to connect/,
    ],
    [
      { cluster: { nodes: [{ host: 'h', port: 7000 }] }, db: 2 },
      /option db must be 0 on a Cluster/,
    ],
    [
      { cluster: { nodes: [{ host: 'h', port: 7000 }] }, url: 'redis://cache:6379' },
      /options cluster and url both say where to connect/,
    ],
  ])('refuses %j, naming what is wrong', (options, message) => {
    expect(() => resolveRedisOptions(options as never)).toThrow(TypeError);
    expect(() => resolveRedisOptions(options as never)).toThrow(message);
  });
});
