import { describe, expect, it } from 'vitest';
import type { PipelineEvent } from '../core/pipeline-events.ts';
import { createRedisClient, type RedisClient } from './redis-client.ts';

/** A client of nothing: every test here must fail before any I/O. */
function offline(): { client: RedisClient; events: PipelineEvent[] } {
  const client = createRedisClient({ host: '127.0.0.1', port: 1, password: 's3cret-pw' });
  const events: PipelineEvent[] = [];
  client.events.on((event) => events.push(event));
  return { client, events };
}

type Loose = (...args: unknown[]) => Promise<unknown>;

describe('createRedisClient: options', () => {
  it('makes no connection until the first call', () => {
    expect(offline().client.status).toBe('wait');
  });

  it.each([
    [{ port: 0 }, /option port must be an integer from 1 to 65535/],
    [{ db: -1 }, /option db must be an integer >= 0/],
    [{ host: '' }, /option host must be a non-empty string/],
    [{ connectTimeoutMs: 0 }, /option connectTimeoutMs/],
    [{ prot: 6379 }, /unknown option redis\.prot/],
    [{ retry: { maxAttempts: 0 } }, /retry\.maxAttempts/],
    [{ timeout: { attemptMs: -5 } }, /timeout\.attemptMs/],
    [{ hedge: true }, /option hedge does not apply to Redis/],
  ])('rejects %j with a TypeError that names it', (options, message) => {
    expect(() => createRedisClient(options as never)).toThrow(TypeError);
    expect(() => createRedisClient(options as never)).toThrow(message);
  });

  it('never echoes a password given in the wrong type', () => {
    const attempt = () => createRedisClient({ password: 12345678 as never });
    expect(attempt).toThrow(/option password must be a string \(got number\)/);
    expect(attempt).not.toThrow(/12345678/);
  });

  it('names the upstream redis unless told otherwise', () => {
    expect(offline().client.service).toBe('redis');
    expect(createRedisClient({ service: 'sessions' }).service).toBe('sessions');
  });
});

describe('RedisClient: arguments are checked before any I/O', () => {
  const cases: [string, (client: RedisClient) => Promise<unknown>, RegExp][] = [
    [
      'get without a key',
      (c) => (c.get as Loose)(),
      /redis\.get: key must be a string or a Buffer \(got undefined\)/,
    ],
    [
      'get with a number key',
      (c) => (c.get as Loose)(42),
      /key must be a string or a Buffer \(got 42\)/,
    ],
    [
      'set with an object value',
      (c) => (c.set as Loose)('k', { a: 1 }),
      /redis\.set: value must be a string, a Buffer or a finite number \(got an object\)/,
    ],
    ['set with NaN', (c) => c.set('k', Number.NaN), /got NaN/],
    [
      'set with a fractional ttl',
      (c) => c.set('k', 'v', { ttlMs: 1.5 }),
      /redis\.set: ttlMs must be an integer >= 1/,
    ],
    [
      'set with a misspelt option',
      (c) => c.set('k', 'v', { ttl: 5 } as never),
      /unknown option redis\.set options\.ttl/,
    ],
    ['del with no keys', (c) => c.del([]), /redis\.del: keys must be a string or a Buffer/],
    [
      'del with a bad second key',
      (c) => (c.del as Loose)(['a', null]),
      /keys\[1\] must be a string or a Buffer \(got null\)/,
    ],
    [
      'expire with 0 seconds',
      (c) => c.expire('k', 0),
      /redis\.expire: seconds must be an integer >= 1/,
    ],
    [
      'hset with no fields',
      (c) => c.hset('k', {}),
      /redis\.hset: fields \(values\) must be a non-empty array/,
    ],
    [
      'hset with an undefined value',
      (c) => (c.hset as Loose)('k', { a: undefined }),
      /fields \(values\)\[0\]/,
    ],
    [
      'lpush with no values',
      (c) => c.lpush('k', []),
      /redis\.lpush: values must be a non-empty array/,
    ],
    [
      'lpush with a number',
      (c) => (c.lpush as Loose)('k', 5),
      /redis\.lpush: values must be a non-empty array \(got 5\)/,
    ],
    [
      'rpush with a non-array',
      (c) => (c.rpush as Loose)('k', 'v'),
      /redis\.rpush: values must be a non-empty array \(got string\)/,
    ],
    [
      'lrange with a string index',
      (c) => (c.lrange as Loose)('k', '0', -1),
      /redis\.lrange: start must be an integer/,
    ],
    [
      'command with a bad name',
      (c) => c.command('GET x'),
      /redis\.command: the command name must be a command name/,
    ],
    [
      'command with a boolean argument',
      (c) => (c.command as Loose)('GET', true),
      /args\[0\] must be/,
    ],
    [
      'batch with no commands',
      (c) => c.batch([]),
      /redis\.batch: commands must be a non-empty array/,
    ],
    [
      'multi with an empty command',
      (c) => c.multi([[] as never]),
      /redis\.multi: commands\[0\] must be an array \[name, \.\.\.args\]/,
    ],
    [
      'batch with a bad argument',
      (c) => c.batch([['SET', 'k', {} as never]]),
      /commands\[0\] arguments\[1\]/,
    ],
    ['a bad call option', (c) => c.get('k', { timeoutMs: -1 }), /timeoutMs must be a number > 0/],
  ];

  it.each(cases)('%s: a TypeError, no attempt, no connection', async (_name, call, message) => {
    const { client, events } = offline();
    const result = call(client);
    expect(result).toBeInstanceOf(Promise);
    await expect(result).rejects.toThrow(TypeError);
    await expect(result).rejects.toThrow(message);
    expect(events).toEqual([]);
    expect(client.status).toBe('wait');
  });

  it('a TypeError never echoes a value', async () => {
    const { client } = offline();
    await expect((client.set as Loose)('k', { password: 'hunter2' })).rejects.not.toThrow(
      /hunter2/,
    );
  });

  it('command takes a trailing options object, and arguments of every allowed type', async () => {
    const { client } = offline();
    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    // Aborted before the first attempt: rejected by the pipeline without I/O.
    const call = client.command('SET', 'k', Buffer.from('v'), 'PX', 100, {
      signal: controller.signal,
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortedError', operation: 'set' });
    expect(client.status).toBe('wait');
  });
});

describe('RedisClient: close', () => {
  it('refuses calls once closed, and closing twice is fine', async () => {
    const { client, events } = offline();
    await client.close();
    await client.close();
    // The one error every bulwark client gives a call after close: the caller's, no attempt.
    await expect(client.get('k')).rejects.toMatchObject({
      name: 'UpstreamError',
      kind: 'client',
      attempts: 0,
      message: 'redis.get failed after 0 attempts: the client is closed',
    });
    expect(events).toEqual([]);
    expect(client.status).toBe('end');
  });
});

describe('RedisClient: describeKey', () => {
  it('is what events, log records and errors show of a key', async () => {
    const token = 'tok-5c1e2f9a';
    const client = createRedisClient({
      host: '127.0.0.1',
      port: 1,
      retry: false,
      describeKey: (key) => key.split(':')[0] ?? '',
    });
    const events: PipelineEvent[] = [];
    client.events.on((event) => events.push(event));
    const error: unknown = await client.get(`session:${token}`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ context: { command: 'GET', key: 'session' } });
    expect(JSON.stringify(events)).not.toContain(token);
    expect(String((error as Error).message)).not.toContain(token);
    await client.close();
  });

  it('is refused when it is no function, and its own error reaches the caller as a rejection', async () => {
    expect(() => createRedisClient({ describeKey: 'hash' as never })).toThrow(
      /option describeKey must be a function/,
    );
    const client = createRedisClient({
      host: '127.0.0.1',
      port: 1,
      describeKey: () => {
        throw new Error('describeKey broke');
      },
    });
    await expect(client.get('k')).rejects.toThrow('describeKey broke');
    await client.close();
  });
});
