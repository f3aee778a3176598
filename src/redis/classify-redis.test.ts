import { describe, expect, it } from 'vitest';
import { classifyRedis, connectionClosedMessage, notWritableMessage } from './classify-redis.ts';
import { RedisClientClosedError, RedisConnectionError } from './redis-connection-error.ts';

/** Shaped like ioredis's reply errors: redis-errors' ReplyError, named by its constructor. */
class ReplyError extends Error {
  override get name(): string {
    return 'ReplyError';
  }
}
const reply = (message: string): Error => new ReplyError(message);
const netError = (code: string): Error => Object.assign(new Error(`read ${code}`), { code });

describe('classifyRedis: reply errors', () => {
  it.each([
    ['LOADING Redis is loading the dataset in memory', 'LOADING'],
    ['BUSY Redis is busy running a script. You can only call SCRIPT KILL', 'BUSY'],
    ['TRYAGAIN Multiple keys request during rehashing of slot', 'TRYAGAIN'],
    ['CLUSTERDOWN The cluster is down', 'CLUSTERDOWN'],
    [
      "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
      'MASTERDOWN',
    ],
    ["READONLY You can't write against a read only replica.", 'READONLY'],
  ])('%s is retriable, and not proof that nothing ran', (message, code) => {
    const result = classifyRedis(reply(message));
    expect(result).toMatchObject({ kind: 'server', retriable: true, code });
    expect(result.neverSent).toBeUndefined();
  });

  it.each([
    ['NOAUTH Authentication required.', 'NOAUTH'],
    ['WRONGPASS invalid username-password pair or user is disabled.', 'WRONGPASS'],
    ["NOPERM this user has no permissions to run the 'get' command", 'NOPERM'],
  ])('%s is an auth failure, not retried, with a fixed reason', (message, code) => {
    const result = classifyRedis(reply(message));
    expect(result).toMatchObject({ kind: 'auth', retriable: false, code });
    expect(result.reason).not.toContain(message);
  });

  it.each([
    ['WRONGTYPE Operation against a key holding the wrong kind of value', 'WRONGTYPE'],
    ['ERR syntax error', 'ERR'],
    ["ERR unknown command 'FOO', with args beginning with: ", 'ERR'],
    ["ERR wrong number of arguments for 'set' command", 'ERR'],
    ['ERR value is not an integer or out of range', 'ERR'],
    ['EXECABORT Transaction discarded because of previous errors.', 'EXECABORT'],
    ['NOSCRIPT No matching script. Please use EVAL.', 'NOSCRIPT'],
  ])('%s is the caller’s to fix: client, not retried', (message, code) => {
    expect(classifyRedis(reply(message))).toEqual({
      kind: 'client',
      retriable: false,
      code,
      reason: message.trim(),
    });
  });

  it('too many clients is throttling, retriable', () => {
    expect(classifyRedis(reply('ERR max number of clients reached'))).toMatchObject({
      kind: 'throttled',
      retriable: true,
    });
  });

  it('OOM and unknown replies are server failures that are not retried', () => {
    const oom = "OOM command not allowed when used memory > 'maxmemory'.";
    expect(classifyRedis(reply(oom))).toMatchObject({
      kind: 'server',
      retriable: false,
      code: 'OOM',
    });
    expect(classifyRedis(reply('something odd'))).toMatchObject({
      kind: 'server',
      retriable: false,
    });
  });

  it('keeps only the first line of a long message, at most 200 characters', () => {
    const result = classifyRedis(reply(`ERR ${'x'.repeat(300)}\nsecond line`));
    expect(result.reason?.length).toBe(200);
    expect(result.reason).not.toContain('second line');
  });
});

describe('classifyRedis: connection errors', () => {
  it('a command rejected before it was written never left', () => {
    expect(classifyRedis(new Error(notWritableMessage))).toMatchObject({
      kind: 'connection',
      retriable: true,
      neverSent: true,
    });
  });

  it('a command failed by a closed connection may have run', () => {
    const result = classifyRedis(new Error(connectionClosedMessage));
    expect(result).toMatchObject({ kind: 'connection', retriable: true });
    expect(result.neverSent).toBeUndefined();
  });

  it("ioredis's own abort and max-retries errors are connection errors that may have run", () => {
    const abort = Object.assign(new Error('Command aborted due to connection close'), {
      name: 'AbortError',
    });
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    for (const error of [abort, maxRetries]) {
      expect(classifyRedis(error)).toMatchObject({ kind: 'connection', retriable: true });
      expect(classifyRedis(error).neverSent).toBeUndefined();
    }
  });

  it('a RedisConnectionError says itself whether it was sent, with its cause’s code', () => {
    const refused = new RedisConnectionError('could not connect', {
      neverSent: true,
      cause: netError('ECONNREFUSED'),
    });
    expect(classifyRedis(refused)).toEqual({
      kind: 'connection',
      retriable: true,
      neverSent: true,
      code: 'ECONNREFUSED',
      reason: 'could not connect: connection refused',
    });
    // A reset while connecting still proves the command never left.
    const resetWhileConnecting = new RedisConnectionError('could not connect', {
      neverSent: true,
      cause: netError('ECONNRESET'),
    });
    expect(classifyRedis(resetWhileConnecting)).toMatchObject({
      neverSent: true,
      code: 'ECONNRESET',
    });
    const lost = new RedisConnectionError('connection lost with the command in flight', {
      neverSent: false,
      cause: netError('ECONNRESET'),
    });
    expect(classifyRedis(lost)).toMatchObject({
      kind: 'connection',
      neverSent: false,
      code: 'ECONNRESET',
    });
  });

  it('a bare socket error is classified like the core does', () => {
    expect(classifyRedis(netError('ECONNREFUSED'))).toMatchObject({
      kind: 'connection',
      neverSent: true,
    });
  });

  it("ioredis's own command timeout is a timeout", () => {
    expect(classifyRedis(new Error('Command timed out'))).toMatchObject({
      kind: 'timeout',
      retriable: true,
    });
  });

  it('a call on a closed client is the caller’s error, not retried', () => {
    expect(classifyRedis(new RedisClientClosedError('the client is closed'))).toMatchObject({
      kind: 'client',
      retriable: false,
    });
  });

  it('never throws, whatever it is given', () => {
    for (const value of [undefined, null, 42, 'text', {}, new Error('')]) {
      expect(() => classifyRedis(value)).not.toThrow();
    }
  });
});

describe('classifyRedis on a Cluster', () => {
  it('takes a Cluster not ready for never sent, and too many redirections for maybe sent', () => {
    const notReady = new Error("Cluster isn't ready and enableOfflineQueue options is false");
    expect(classifyRedis(notReady)).toMatchObject({ kind: 'connection', neverSent: true });
    const moving = new Error(
      'Too many Cluster redirections. Last error: MOVED 3999 127.0.0.1:7002',
    );
    expect(classifyRedis(moving)).toMatchObject({ kind: 'connection', retriable: true });
    expect(classifyRedis(moving).neverSent).toBeUndefined();
  });

  it("takes CROSSSLOT for the caller's to fix", () => {
    const crossSlot = Object.assign(
      new Error("CROSSSLOT Keys in request don't hash to the same slot"),
      {
        name: 'ReplyError',
      },
    );
    expect(classifyRedis(crossSlot)).toMatchObject({
      kind: 'client',
      retriable: false,
      code: 'CROSSSLOT',
    });
  });
});
