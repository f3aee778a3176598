import type { CallContext } from '../pipeline-events.ts';
import type { CircuitBreakerOptions } from './circuit-breaker-options.ts';
import { InvalidOptionError } from '../error-catalogue.ts';
import { checkInteger, checkKeys } from '../validate.ts';
import { checkObject, checkPositive } from './option-checks.ts';

/** What a breaker key is drawn from: the call's operation and the facts its client gave. */
export interface KeyedCall {
  /** The operation's name (`getObject`, `query`, `GET /orders`). */
  readonly operation: string;
  /** The call's facts (`{ bucket, key }`, `{ method, url }`, `{ statement, table }`). */
  readonly context?: CallContext | undefined;
}

/**
 * One circuit per key instead of one for the whole client, so a kind of call that cannot
 * succeed (large reads through a choked link, one bucket, one host) does not shed the calls
 * that can. Each key's breaker has the client's breaker options; their events and the
 * `bulwark.breaker.state` gauge carry the key.
 */
export interface KeyedBreakerOptions {
  /**
   * The key of a call: `'operation'`, or a function of the call (for instance
   * `(call) => String(call.context?.bucket)`). It must return a non-empty string, and should
   * have few values (an operation, a bucket, a host: not an object key or a user id).
   */
  readonly by: 'operation' | ((call: KeyedCall) => string);
  /**
   * The most keys kept at once (default 1_000). A new key past it drops the key used least
   * lately (one whose circuit is isolated by hand is never dropped).
   */
  readonly maxKeys?: number;
  /**
   * A key no call has used for this long is dropped, with its counts and state (default
   * 300_000 ms): its next call starts it afresh, closed.
   */
  readonly idleMs?: number;
}

/** A pipeline's `breaker` option: a breaker's options, and `keyed` for one circuit per key. */
export interface BreakerOptions extends CircuitBreakerOptions {
  /** Off unless given: one circuit per key of a call, each with these options. */
  readonly keyed?: KeyedBreakerOptions | undefined;
}

/** {@link KeyedBreakerOptions} validated, with the defaults filled in. */
export interface ResolvedKeyedBreakers {
  readonly keyOf: (call: KeyedCall) => string;
  readonly maxKeys: number;
  readonly idleMs: number;
}

export const defaultKeyedBreakers = {
  // Room for a key per operation, bucket or host of a large client; a bound on a key that
  // turned out to be per object or per user, which would otherwise grow without end.
  maxKeys: 1_000,
  // A key unused for five minutes has counts too old to mean anything.
  idleMs: 300_000,
} as const;

const byOperation = (call: KeyedCall): string => call.operation;

/** Validates the option at construction; each TypeError names the option at fault. */
export function resolveKeyedBreakers(options: KeyedBreakerOptions): ResolvedKeyedBreakers {
  const name = 'breaker.keyed';
  checkObject(name, options);
  checkKeys(name, options, ['by', 'maxKeys', 'idleMs']);
  const by = options.by;
  if (by !== 'operation' && typeof by !== 'function') {
    const shown = typeof by === 'string' ? JSON.stringify(by) : String(by);
    throw new InvalidOptionError(
      `bulwark: option ${name}.by must be 'operation' or a function of the call (got ${shown})`,
    );
  }
  const keyOf = by === 'operation' ? byOperation : by;
  const maxKeys = checkInteger(
    `${name}.maxKeys`,
    options.maxKeys ?? defaultKeyedBreakers.maxKeys,
    1,
  );
  const idleMs = checkPositive(`${name}.idleMs`, options.idleMs ?? defaultKeyedBreakers.idleMs);
  return { keyOf, maxKeys, idleMs };
}
