import type { ClusterStatus, RedisStatus } from 'ioredis';
import type { CircuitBreaker } from '../core/breaker/circuit-breaker.ts';
import type { KeyedBreakers } from '../core/breaker/keyed-breakers.ts';
import type { BulwarkClient } from '../core/bulwark-client.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { PipelineEvent } from '../core/pipeline-events.ts';
import { withClientCheck } from '../core/breaker/recovery-check.ts';
import type { Attempt } from '../core/attempt/attempt.ts';
import { Pipeline } from '../core/pipeline.ts';
import { checkKeys } from '../core/validate.ts';
import {
  badArgs,
  badCommandName,
  badCommands,
  type RedisArg,
  type RedisCommand,
} from './redis-args.ts';
import { answersPing } from './answers-ping.ts';
import { blockingRequest } from './blocking-timeout.ts';
import { runBatch } from './redis-batch.ts';
import {
  RedisCommands,
  callOptionKeys,
  callSpec,
  type RedisCallOptions,
  type RedisCallSpec,
} from './redis-commands.ts';
import { closedClientError } from '../core/closed-client-error.ts';
import { ClusterConnection } from './transport/cluster-connection.ts';
import { RedisConnection } from './transport/redis-connection.ts';
import type { RedisTransport } from './transport/redis-transport.ts';
import { defaultRedisConnectTimeoutMs, redisCheckIntervalMs } from './redis-defaults.ts';
import { isIdempotentCommand } from './redis-idempotency.ts';
import { RedisRequest, type RedisSend } from './transport/redis-request.ts';
import {
  resolveRedisOptions,
  type RedisClientOptions,
  type ResolvedRedisOptions,
} from './redis-options.ts';

/** One connection to a server, or the connections to a Cluster's nodes. */
function transportFor(resolved: ResolvedRedisOptions): RedisTransport {
  if (resolved.cluster === undefined) return new RedisConnection(resolved.ioredis, resolved.clock);
  // What a server's options say of where it is, a Cluster's nodes say instead.
  const {
    host: _host,
    port: _port,
    db: _db,
    retryStrategy: _retry,
    enableOfflineQueue: _queue,
    ...nodeOptions
  } = resolved.ioredis;
  const connectTimeoutMs = resolved.ioredis.connectTimeout ?? defaultRedisConnectTimeoutMs;
  return new ClusterConnection(resolved.cluster, nodeOptions, resolved.clock, connectTimeoutMs);
}

/** Options of `command`, `pipeline` and `multi`. */
export interface RedisCommandOptions extends RedisCallOptions {
  /** Overrides the idempotency table (a script you know is safe to run twice, say). */
  readonly idempotent?: boolean | undefined;
}

const commandOptionKeys: readonly string[] = [...callOptionKeys, 'idempotent'];

/** True for the trailing options object of `command` (arguments are never plain objects). */
function isOptions(value: unknown): value is RedisCommandOptions {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value);
}

/**
 * A Redis client whose every command runs through bulwark's pipeline over one ioredis
 * connection: classified by `classifyRedis`, retried by the idempotency table (INCR, LPUSH
 * and the like only when they provably never left), cut off by the breaker, paced by the
 * rate limiter and bounded by the timeouts. Made by {@link createRedisClient}.
 */
export class RedisClient extends RedisCommands implements BulwarkClient {
  readonly #pipeline: Pipeline;
  readonly #connection: RedisTransport;
  readonly #closeTimeoutMs: number;
  readonly #describeKey: ((key: string) => string) | undefined;
  #closed = false;

  constructor(options: RedisClientOptions) {
    super();
    const resolved = resolveRedisOptions(options);
    this.#connection = transportFor(resolved);
    const connection = this.#connection;
    this.#pipeline = new Pipeline({
      ...resolved.pipeline,
      recoveryCheck: withClientCheck(
        options.recoveryCheck,
        (signal) => answersPing(connection, signal),
        redisCheckIntervalMs,
      ),
    });
    this.#closeTimeoutMs = resolved.closeTimeoutMs;
    this.#describeKey = resolved.describeKey;
  }

  /** Every attempt, retry, rejection, timeout, breaker transition and outcome (for `attachLogger`). */
  get events(): EventBus<PipelineEvent> {
    return this.#pipeline.events;
  }

  /** The circuit breaker, to read its state or isolate/reset it by hand; undefined when keyed. */
  get breaker(): CircuitBreaker | undefined {
    return this.#pipeline.breaker;
  }

  /** A keyed breaker's circuits, one per key (`breaker: { keyed }`); undefined otherwise. */
  get breakers(): KeyedBreakers | undefined {
    return this.#pipeline.breakers;
  }

  /** The upstream's name in errors, events and logs. */
  get service(): string {
    return this.#pipeline.service;
  }

  /** The pipeline every call runs through (its events, breaker and service). */
  get pipeline(): Pipeline {
    return this.#pipeline;
  }

  /** The connection: `wait` before the first call, `ready`, `end` after close or a drop. */
  get status(): RedisStatus | ClusterStatus {
    return this.#connection.status as RedisStatus | ClusterStatus;
  }

  /**
   * Sends any command, as `command('ZADD', key, 1, 'a')`; a trailing object gives per-call
   * options. Retried by the idempotency table unless `idempotent` says otherwise. Its log
   * context names the command only: which argument is a key depends on the command.
   *
   * A blocking command (BLPOP, BRPOP, BLMOVE, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP, WAIT,
   * WAITAOF, XREAD or XREADGROUP with BLOCK) has its timeout clamped to the attempt's time,
   * the remaining deadline, so the server stops blocking once nobody waits: 0 (for ever) and
   * longer timeouts become that time, shorter ones stay. The call then ends at its deadline
   * with the command's own timeout reply (BLPOP's null) or a TimeoutError, whichever comes
   * first. Seconds go as decimals, which Redis reads since 6.0.
   */
  command(
    name: string,
    ...args: [...RedisArg[], RedisCommandOptions] | RedisArg[]
  ): Promise<unknown> {
    const last = args[args.length - 1];
    const options = isOptions(last) ? last : undefined;
    const list = (options === undefined ? args : args.slice(0, -1)) as RedisArg[];
    const invalid = badCommandName('command', name) ?? badArgs('command', 'args', list);
    const call = callSpec(
      invalid ? 'command' : name.toLowerCase(),
      { command: invalid ? '?' : name.toUpperCase() },
      options?.idempotent ?? (!invalid && isIdempotentCommand(name, list)),
      options,
      commandOptionKeys,
    );
    const blocking = invalid ? undefined : blockingRequest(name, list);
    return this.call(invalid, call, new RedisRequest(name, list), blocking);
  }

  /**
   * Sends `commands` in one round trip (a Redis pipeline: not atomic) and returns their replies
   * in order; the first error reply fails the call. Retried only when every command is
   * idempotent. (Named `batch`: `pipeline` is bulwark's call path on every client.)
   */
  batch(commands: readonly RedisCommand[], options?: RedisCommandOptions): Promise<unknown[]> {
    return this.#batch('batch', commands, options);
  }

  /** Runs `commands` in a MULTI/EXEC transaction and returns their replies in order. */
  multi(commands: readonly RedisCommand[], options?: RedisCommandOptions): Promise<unknown[]> {
    return this.#batch('multi', commands, options);
  }

  /**
   * Closes the client, as every bulwark client's `close()` does: calls made from now on fail at
   * once with an UpstreamError of kind `client`; calls with an attempt on its way finish (each
   * within its deadline); a call that would send another attempt (a retry, or a first attempt
   * it was still queued for) fails at once with that same error. Resolves once every call has
   * settled and every socket is closed; nothing that closing does counts against the breaker or
   * is reported as the upstream's failure. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#pipeline.close();
    this.#pipeline.dispose();
    // Nothing is in flight by now; `closeTimeoutMs` bounds the goodbye to the server.
    await this.#connection.close(this.#closeTimeoutMs);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #batch(
    kind: 'batch' | 'multi',
    commands: readonly RedisCommand[],
    options: RedisCommandOptions | undefined,
  ): Promise<unknown[]> {
    const invalid = badCommands(kind, commands);
    const idempotent =
      options?.idempotent ??
      (!invalid && commands.every(([name, ...args]) => isIdempotentCommand(name, args)));
    const context = { command: kind.toUpperCase(), commands: invalid ? 0 : commands.length };
    const call = callSpec(kind, context, idempotent, options, commandOptionKeys);
    return this.call(invalid, call, (r) => runBatch(r, kind, commands));
  }

  /** `forAttempt`, when given, makes the request of each attempt from its time (`blockingRequest`). */
  protected override call<T>(
    invalid: TypeError | undefined,
    spec: RedisCallSpec,
    send: RedisSend<T>,
    forAttempt?: (timeoutMs: number) => RedisSend<T>,
  ): Promise<T> {
    if (invalid) return Promise.reject(invalid);
    const { operation, options } = spec;
    if (this.#closed) return Promise.reject(closedClientError(this.service, operation));
    if (options !== undefined) {
      try {
        checkKeys(`redis.${operation} options`, options, spec.known);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const connection = this.#connection;
    let described: RedisCallSpec;
    try {
      described = this.#describedKey(spec);
    } catch (error) {
      // The caller's own function threw: their error, as a rejection like any other.
      return Promise.reject(error);
    }
    if (forAttempt !== undefined) {
      const run = (attempt: Attempt) => connection.run(attempt, forAttempt(attempt.timeoutMs));
      return this.#pipeline.execute(run, described);
    }
    return this.#pipeline.execute((attempt) => connection.run(attempt, send), described);
  }

  /** The call's facts with its key as `describeKey` shows it (when given). */
  #describedKey(spec: RedisCallSpec): RedisCallSpec {
    const key = spec.context?.['key'];
    if (this.#describeKey === undefined || typeof key !== 'string') return spec;
    return { ...spec, context: { ...spec.context, key: this.#describeKey(key) } };
  }
}

/**
 * Makes a resilient Redis client. Options are validated here (a TypeError names the bad
 * one); no connection is made until the first call.
 *
 * @example
 * ```ts
 * await using redis = createRedisClient({ host, port, password, db: 2 });
 * using _logs = attachLogger(redis.events, pino());
 * await redis.set('session:42', token, { ttlMs: 60_000 });
 * ```
 */
export function createRedisClient(options: RedisClientOptions): RedisClient {
  return new RedisClient(options);
}
