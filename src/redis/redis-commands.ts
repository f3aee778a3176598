import type { PerCallOptions } from '../core/pipeline-options.ts';
import type { CallContext } from '../core/pipeline-events.ts';
import type { CallOptions } from '../core/pipeline-options.ts';
import { badArg, badArgs, badInt, badKey, type RedisArg, type RedisKey } from './redis-args.ts';
import { RedisRequest, type RedisSend } from './transport/redis-request.ts';

/** Per-call options of every command. */
export type RedisCallOptions = PerCallOptions;

/** Options of `set`. */
export interface RedisSetOptions extends RedisCallOptions {
  /** Expire the key after this many milliseconds (SET ... PX). */
  readonly ttlMs?: number | undefined;
}

/**
 * What a command method hands to the call path: the pipeline's call options themselves (one
 * object per call), and the caller's options with the names they may have.
 */
export interface RedisCallSpec extends CallOptions {
  /** Log facts: the command and its key, never a value. */
  readonly context: CallContext;
  readonly options: RedisCallOptions | undefined;
  /** The option names the method accepts: a typo (`ttl` for `ttlMs`) must not pass silently. */
  readonly known: readonly string[];
}

export const callOptionKeys: readonly string[] = ['signal', 'timeoutMs', 'attemptTimeoutMs'];
const setOptionKeys: readonly string[] = [...callOptionKeys, 'ttlMs'];

/** A key as a log field: text as is, a binary key by its size only (and a bad key not at all). */
function keyContext(command: string, key: RedisKey): CallContext {
  if (typeof key === 'string') return { command, key };
  return Buffer.isBuffer(key) ? { command, keyBytes: key.length } : { command };
}

/** The spec of a call with `options` (`known` names what they may hold). */
export function callSpec(
  operation: string,
  context: CallContext,
  idempotent: boolean,
  options: RedisCallOptions | undefined,
  known: readonly string[],
): RedisCallSpec {
  return {
    operation,
    idempotent,
    context,
    signal: options?.signal,
    timeoutMs: options?.timeoutMs,
    attemptTimeoutMs: options?.attemptTimeoutMs,
    options,
    known,
  };
}

/** The spec of a command on one key (`get`, `GET`). */
function spec(
  operation: string,
  command: string,
  key: RedisKey,
  idempotent: boolean,
  options: RedisCallOptions | undefined,
  known = callOptionKeys,
): RedisCallSpec {
  return callSpec(operation, keyContext(command, key), idempotent, options, known);
}

/**
 * `key` then `values` (LPUSH, RPUSH). Values that are no list, which the method refuses before
 * any I/O with an error naming them, add nothing here instead of throwing first.
 */
function keyThen(key: RedisKey, values: readonly RedisArg[]): RedisArg[] {
  return Array.isArray(values) ? [key, ...values] : [key];
}

/** SET's `OK`, as nothing: the method promises no value. */
const toNothing = (): void => undefined;
/** EXPIRE's `1` (set) or `0` (no such key), as a boolean. */
const isOne = (reply: unknown): boolean => reply === 1;

/**
 * The typed commands (strings, keys, hashes, lists). Each checks its arguments, says whether
 * it is idempotent, and hands over to the client's one call path.
 */
export abstract class RedisCommands {
  /** Runs `send` through the pipeline; rejects with `invalid`, before any I/O, when given. */
  protected abstract call<T>(
    invalid: TypeError | undefined,
    spec: RedisCallSpec,
    send: RedisSend<T>,
  ): Promise<T>;

  /** GET: the value, or null when the key does not exist. */
  get(key: RedisKey, options?: RedisCallOptions): Promise<string | null> {
    const send = new RedisRequest<string | null>('get', [key]);
    return this.call(badKey('get', key), spec('get', 'GET', key, true, options), send);
  }

  /** SET, with an expiry when `ttlMs` is given. Idempotent: retried after any failure. */
  set(key: RedisKey, value: RedisArg, options?: RedisSetOptions): Promise<void> {
    const ttlMs = options?.ttlMs;
    const invalid =
      badKey('set', key) ??
      badArg('set', 'value', value) ??
      (ttlMs === undefined ? undefined : badInt('set', 'ttlMs', ttlMs, 1));
    const args = ttlMs === undefined ? [key, value] : [key, value, 'PX', ttlMs];
    const send = new RedisRequest('set', args, toNothing);
    return this.call(invalid, spec('set', 'SET', key, true, options, setOptionKeys), send);
  }

  /** DEL: how many of the keys existed. */
  del(keys: RedisKey | readonly RedisKey[], options?: RedisCallOptions): Promise<number> {
    const list: readonly unknown[] = Array.isArray(keys) ? keys : [keys];
    let invalid = list.length === 0 ? badKey('del', undefined, 'keys') : undefined;
    for (let i = 0; i < list.length && !invalid; i++)
      invalid = badKey('del', list[i], `keys[${i}]`);
    const [first] = list as readonly RedisKey[];
    const context =
      list.length === 1 && first !== undefined
        ? keyContext('DEL', first)
        : { command: 'DEL', keys: list.length };
    const call = callSpec('del', context, true, options, callOptionKeys);
    return this.call(invalid, call, new RedisRequest<number>('del', list as RedisKey[]));
  }

  /** INCR: the new value. Never retried once it may have reached the server. */
  incr(key: RedisKey, options?: RedisCallOptions): Promise<number> {
    const send = new RedisRequest<number>('incr', [key]);
    return this.call(badKey('incr', key), spec('incr', 'INCR', key, false, options), send);
  }

  /** EXPIRE: sets a timeout of `seconds`; false when the key does not exist. */
  expire(key: RedisKey, seconds: number, options?: RedisCallOptions): Promise<boolean> {
    // 0 or less deletes the key: that is del's job, and a slip here would lose data.
    const invalid = badKey('expire', key) ?? badInt('expire', 'seconds', seconds, 1);
    const send = new RedisRequest('expire', [key, seconds], isOne);
    return this.call(invalid, spec('expire', 'EXPIRE', key, true, options), send);
  }

  /** HGET: the field's value, or null. */
  hget(key: RedisKey, field: string, options?: RedisCallOptions): Promise<string | null> {
    const invalid = badKey('hget', key) ?? badKey('hget', field, 'field');
    const send = new RedisRequest<string | null>('hget', [key, field]);
    return this.call(invalid, spec('hget', 'HGET', key, true, options), send);
  }

  /** HSET: sets the fields; returns how many were new. */
  hset(
    key: RedisKey,
    fields: Readonly<Record<string, RedisArg>>,
    options?: RedisCallOptions,
  ): Promise<number> {
    const values = typeof fields === 'object' && fields !== null ? Object.values(fields) : fields;
    const invalid = badKey('hset', key) ?? badArgs('hset', 'fields (values)', values, true);
    const send = new RedisRequest<number>('hset', [key, fields]);
    return this.call(invalid, spec('hset', 'HSET', key, true, options), send);
  }

  /** HGETALL: every field and value (an empty object when the key does not exist). */
  hgetall(key: RedisKey, options?: RedisCallOptions): Promise<Record<string, string>> {
    // ioredis turns the flat reply into an object (its reply transformer for HGETALL).
    const send = new RedisRequest<Record<string, string>>('hgetall', [key]);
    return this.call(badKey('hgetall', key), spec('hgetall', 'HGETALL', key, true, options), send);
  }

  /** LPUSH: the list's new length. Never retried once it may have reached the server. */
  lpush(key: RedisKey, values: readonly RedisArg[], options?: RedisCallOptions): Promise<number> {
    const invalid = badKey('lpush', key) ?? badArgs('lpush', 'values', values, true);
    const send = new RedisRequest<number>('lpush', keyThen(key, values));
    return this.call(invalid, spec('lpush', 'LPUSH', key, false, options), send);
  }

  /** RPUSH: the list's new length. Never retried once it may have reached the server. */
  rpush(key: RedisKey, values: readonly RedisArg[], options?: RedisCallOptions): Promise<number> {
    const invalid = badKey('rpush', key) ?? badArgs('rpush', 'values', values, true);
    const send = new RedisRequest<number>('rpush', keyThen(key, values));
    return this.call(invalid, spec('rpush', 'RPUSH', key, false, options), send);
  }

  /** LRANGE: the elements from `start` to `stop`, inclusive (negative counts from the end). */
  lrange(
    key: RedisKey,
    start: number,
    stop: number,
    options?: RedisCallOptions,
  ): Promise<string[]> {
    const invalid =
      badKey('lrange', key) ??
      badInt('lrange', 'start', start, -Infinity) ??
      badInt('lrange', 'stop', stop, -Infinity);
    const send = new RedisRequest<string[]>('lrange', [key, start, stop]);
    return this.call(invalid, spec('lrange', 'LRANGE', key, true, options), send);
  }
}
