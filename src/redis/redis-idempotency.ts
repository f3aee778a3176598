import type { RedisArg } from './redis-args.ts';

/**
 * Commands that leave the data as they found it when run twice instead of once, so an
 * attempt that may have run can be retried. Reads, and writes that set rather than add.
 * Replies that count (DEL's keys removed, HSET's fields added) may then count only the
 * second run; the data is right all the same.
 *
 * Everything else is not idempotent, including every command missing here: INCR, INCRBY,
 * DECR, HINCRBY, ZINCRBY, APPEND, LPUSH, RPUSH, LINSERT, LPOP, RPOP, LMOVE, SPOP, GETDEL,
 * GETSET, SETNX, HSETNX, SETBIT, RENAME, PUBLISH, XADD, EVAL, EVALSHA, FCALL, MULTI, EXEC.
 * Those are retried only when the error proves the command never left (`neverSent`).
 */
const idempotentCommands: ReadonlySet<string> = new Set([
  // Reads.
  'get',
  'mget',
  'getrange',
  'strlen',
  'exists',
  'type',
  'ttl',
  'pttl',
  'expiretime',
  'pexpiretime',
  'hget',
  'hmget',
  'hgetall',
  'hkeys',
  'hvals',
  'hlen',
  'hexists',
  'hstrlen',
  'lrange',
  'llen',
  'lindex',
  'lpos',
  'smembers',
  'sismember',
  'smismember',
  'scard',
  'srandmember',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zscore',
  'zmscore',
  'zcard',
  'zcount',
  'zrank',
  'zrevrank',
  'scan',
  'sscan',
  'hscan',
  'zscan',
  'dbsize',
  'ping',
  'echo',
  'time',
  'bitcount',
  'getbit',
  'pfcount',
  'xrange',
  'xrevrange',
  'xlen',
  // Writes that set a value, a member or a timeout, whatever was there.
  'set',
  'setex',
  'psetex',
  'mset',
  'setrange',
  'del',
  'unlink',
  'expire',
  'pexpire',
  'expireat',
  'pexpireat',
  'persist',
  'hset',
  'hmset',
  'hdel',
  'lset',
  'ltrim',
  'sadd',
  'srem',
  'zadd',
  'zrem',
  'pfadd',
]);

/** SET options that make the reply the outcome (did we take the lock? what was there?). */
const setOutcomeOptions: ReadonlySet<string> = new Set(['nx', 'xx', 'get']);

function hasOption(args: readonly RedisArg[], from: number, options: ReadonlySet<string>): boolean {
  for (let i = from; i < args.length; i++) {
    const arg = args[i];
    if (typeof arg === 'string' && options.has(arg.toLowerCase())) return true;
  }
  return false;
}

const incrOption: ReadonlySet<string> = new Set(['incr']);

/**
 * Whether running `name args` twice has the effect of running it once, so that bulwark may
 * retry it after an attempt that may have reached the server. Unknown commands are not.
 *
 * SET with NX, XX or GET is not: the reply is the point of the call, and a retry after a lost
 * reply would report the outcome of the retry (lock not taken, the value we just wrote)
 * instead of ours. ZADD with INCR adds, so it is not either.
 */
export function isIdempotentCommand(name: string, args: readonly RedisArg[] = []): boolean {
  const command = name.toLowerCase();
  if (!idempotentCommands.has(command)) return false;
  // SET key value [options]: options start at the third argument.
  if (command === 'set') return !hasOption(args, 2, setOutcomeOptions);
  if (command === 'zadd') return !hasOption(args, 1, incrOption);
  return true;
}
