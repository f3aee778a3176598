import { Cluster, Command, type ClusterNode, type Redis, type RedisOptions } from 'ioredis';
import { fixedClusterOptions } from '../redis-defaults.ts';
import type { Attempt } from '../../core/attempt/attempt.ts';
import { attemptAbortReason, settleOnAttemptAbort } from '../../core/attempt/index.ts';
import type { Clock } from '../../core/clock.ts';
import { untilAborted } from '../../core/until-aborted.ts';
import type { RedisArg } from '../redis-args.ts';
import { RedisClientClosedError, RedisConnectionError } from '../redis-connection-error.ts';
import { RedisRequest, type RedisSend } from './redis-request.ts';
import { quitWithin } from './quit-within.ts';
import type { RedisTransport } from './redis-transport.ts';

const utf8Replies = { replyEncoding: 'utf8' } as const;

/**
 * The connections to a Redis Cluster's nodes, through ioredis's Cluster: it routes each
 * command to the master of its key's slot, follows MOVED and ASK, and refreshes the slots
 * after a failover. Unlike one connection, a timed-out attempt does not cut anything: the
 * Cluster's connections are many and shared, and a failover replaces the node that hung.
 * Timeouts are therefore not told apart from a slow link here.
 *
 * Relies on ioredis's `Cluster.sendCommand` taking a `Command` it did not make, as
 * RedisConnection does for one connection.
 */
export class ClusterConnection implements RedisTransport {
  readonly #cluster: Cluster;
  readonly #clock: Clock;
  readonly #connectTimeoutMs: number;
  #connecting: Promise<void> | undefined;
  #lastError: unknown;
  #closed = false;

  constructor(
    nodes: readonly ClusterNode[],
    /** What every node's connection takes: credentials, TLS, the connect timeout. */
    redisOptions: Omit<
      RedisOptions,
      'replyMapping' | 'host' | 'port' | 'retryStrategy' | 'enableOfflineQueue' | 'readOnly'
    >,
    clock: Clock,
    connectTimeoutMs: number,
  ) {
    this.#cluster = new Cluster([...nodes], { ...fixedClusterOptions, redisOptions });
    this.#clock = clock;
    this.#connectTimeoutMs = connectTimeoutMs;
    this.#cluster.on('error', (error: unknown) => {
      this.#lastError = error;
    });
  }

  get status(): string {
    return this.#cluster.status;
  }

  run<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    if (this.#cluster.status === 'ready') return this.#send(attempt, send);
    return this.#connectThenSend(attempt, send);
  }

  async check(
    signal: AbortSignal,
    command: (redis: Redis | Cluster) => Promise<unknown>,
  ): Promise<void> {
    if (this.#cluster.status !== 'ready') await untilAborted(this.#setUp(), signal);
    await untilAborted(command(this.#cluster), signal);
  }

  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    await quitWithin(this.#cluster, this.#clock, timeoutMs);
  }

  #send<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    if (!(send instanceof RedisRequest)) return send(this.#cluster);
    const command = new Command(send.name, send.args as RedisArg[], utf8Replies);
    const reject = command.reject;
    void this.#cluster.sendCommand(command);
    settleOnAttemptAbort(attempt, () => reject(attemptAbortReason(attempt) as Error));
    const replied = command.promise as Promise<unknown>;
    const shape = send.reply;
    return shape === undefined ? (replied as Promise<T>) : replied.then(shape);
  }

  async #connectThenSend<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    await untilAborted(this.#setUp(), attempt.signal);
    return this.#send(attempt, send);
  }

  /** Connects to the Cluster (its slots read), shared by every caller until done. */
  #setUp(): Promise<void> {
    if (this.#closed) return Promise.reject(new RedisClientClosedError('the client is closed'));
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const cluster = this.#cluster;
    if (cluster.status !== 'wait' && cluster.status !== 'end' && cluster.status !== 'close') {
      throw new RedisConnectionError(`cluster connection is ${cluster.status}, not ready`, {
        neverSent: true,
      });
    }
    this.#lastError = undefined;
    const limitMs = this.#connectTimeoutMs;
    const timer = this.#clock.setTimeout(() => cluster.disconnect(), limitMs);
    this.#clock.holdProcess?.(timer, false);
    try {
      await cluster.connect();
    } catch (error) {
      throw new RedisConnectionError('could not connect to the cluster', {
        neverSent: true,
        cause: this.#lastError ?? error,
      });
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }
}
