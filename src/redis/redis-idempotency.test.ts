import { describe, expect, it } from 'vitest';
import { isIdempotentCommand } from './redis-idempotency.ts';

describe('isIdempotentCommand', () => {
  it.each(['GET', 'SET', 'DEL', 'EXPIRE', 'HSET', 'HGET', 'HGETALL', 'LRANGE', 'MGET', 'PING'])(
    '%s is safe to run twice',
    (name) => {
      expect(isIdempotentCommand(name, ['k', 'v'])).toBe(true);
    },
  );

  it.each([
    'INCR',
    'INCRBY',
    'DECR',
    'HINCRBY',
    'APPEND',
    'LPUSH',
    'RPUSH',
    'LPOP',
    'SPOP',
    'GETDEL',
    'SETNX',
    'PUBLISH',
    'EVAL',
    'EXEC',
  ])('%s is not', (name) => {
    expect(isIdempotentCommand(name, ['k', '1'])).toBe(false);
  });

  it('is case-insensitive', () => {
    expect(isIdempotentCommand('get')).toBe(true);
    expect(isIdempotentCommand('iNcR')).toBe(false);
  });

  it('treats a command it does not know as not idempotent', () => {
    expect(isIdempotentCommand('SOMETHING.NEW', ['k'])).toBe(false);
  });

  it('SET with NX, XX or GET is not: its reply is the outcome a retry would misreport', () => {
    expect(isIdempotentCommand('SET', ['k', 'v', 'PX', 1000])).toBe(true);
    expect(isIdempotentCommand('SET', ['lock', 'me', 'NX', 'PX', 1000])).toBe(false);
    expect(isIdempotentCommand('SET', ['k', 'v', 'xx'])).toBe(false);
    expect(isIdempotentCommand('SET', ['k', 'v', 'GET'])).toBe(false);
    // A value that happens to read "NX" is a value, not an option.
    expect(isIdempotentCommand('SET', ['k', 'NX'])).toBe(true);
  });

  it('ZADD with INCR adds, so it is not', () => {
    expect(isIdempotentCommand('ZADD', ['z', 1, 'a'])).toBe(true);
    expect(isIdempotentCommand('ZADD', ['z', 'INCR', 1, 'a'])).toBe(false);
  });
});
