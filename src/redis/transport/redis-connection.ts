import { Command, Redis, type Cluster, type RedisOptions, type RedisStatus } from 'ioredis';
import { untilAborted } from '../../core/until-aborted.ts';
import { quitWithin } from './quit-within.ts';
import type { RedisTransport } from './redis-transport.ts';
import {
  attemptAbortReason,
  attemptTimedOut,
  awaitConnection,
  onAttemptAbort,
  settleOnAttemptAbort,
  watchLinkProgress,
} from '../../core/attempt/index.ts';
import type { Attempt } from '../../core/attempt/index.ts';
import type { Clock } from '../../core/clock.ts';
import type { RedisArg } from '../redis-args.ts';
import { classifyReply, connectionClosedMessage } from '../classify-redis.ts';
import { RedisClientClosedError, RedisConnectionError } from '../redis-connection-error.ts';
import { defaultRedisConnectTimeoutMs } from '../redis-defaults.ts';
import { RedisRequest, type RedisSend } from './redis-request.ts';
import { CoalescedWrites } from '../../transport/coalesced-writes.ts';

/** As ioredis's own methods ask for replies (its `...Buffer` methods aside). */
const utf8Replies = { replyEncoding: 'utf8' } as const;

/**
 * Cuts the connection when `attempt` was aborted by its timeout (its own or the deadline's),
 * never for the caller's abort, whatever its reason (`AbortSignal.timeout()` included).
 */
function cutOnTimeout(connection: RedisConnection, attempt: Attempt, generation: number): void {
  if (attemptTimedOut(attempt)) connection.reset(generation);
}

/**
 * The one ioredis connection of a Redis client. It is opened inside an attempt, when one
 * needs it, and never reopened behind bulwark's back; and it is cut when an attempt gives up
 * on a command still in flight, so that no late reply is ever waited for on a connection
 * whose state is unknown (a blackholed link would otherwise hold every later command).
 *
 * Relies on ioredis 5-6 internals beside its API: `Command` made by hand and sent with
 * `sendCommand`, with its `reject` wrapped; `commandQueue.length` (commands in flight) and
 * `stream` (the socket, corked by CoalescedWrites). An ioredis upgrade must keep the
 * Redis transport tests green before it lands.
 */
export class RedisConnection implements RedisTransport {
  readonly #redis: Redis;
  readonly #clock: Clock;
  readonly #connectTimeoutMs: number;
  #connecting: Promise<void> | undefined;
  /** Counts connections opened, so a late abort never cuts a newer connection. */
  #generation = 0;
  /** The socket's or server's last error on this connection: the cause of what failed. */
  #lastError: unknown;
  #closed = false;
  readonly #writes = new CoalescedWrites('tick');
  /** Bytes read on the sockets this connection had before its current one. */
  #bytesOfClosedSockets = 0;
  #countedSocket: { readonly bytesRead: number } | undefined;
  /**
   * Bytes the server has sent on the sockets of this connection: a count that never drops (a
   * socket replaced between two readings is added up when the next reading sees it gone).
   */
  readonly #bytesReceived = (): number => {
    const socket = this.#redis.stream;
    if (socket !== this.#countedSocket) {
      this.#bytesOfClosedSockets += this.#countedSocket?.bytesRead ?? 0;
      this.#countedSocket = socket;
    }
    return this.#bytesOfClosedSockets + (socket?.bytesRead ?? 0);
  };

  constructor(options: Omit<RedisOptions, 'replyMapping'>, clock: Clock) {
    this.#redis = new Redis(options);
    this.#clock = clock;
    this.#connectTimeoutMs = options.connectTimeout ?? defaultRedisConnectTimeoutMs;
    // Without a listener ioredis prints every connection error to the console; here each
    // one becomes the cause of the command failures it brings.
    this.#redis.on('error', (error: unknown) => {
      this.#lastError = error;
    });
  }

  /** ioredis's view of the connection (`wait` before the first call, `end` after close). */
  get status(): RedisStatus {
    return this.#redis.status;
  }

  /** Runs `send` on a ready connection, connecting first if need be. */
  run<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    // Slow, not gone: a timeout while the server still sends bytes is a slow answer.
    watchLinkProgress(attempt, this.#bytesReceived);
    if (this.#redis.status === 'ready') return this.#send(attempt, send);
    return this.#connectThenSend(attempt, send);
  }

  #send<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    // With other commands in flight, callers are busy and more commands are likely to follow
    // in this tick: they share one write. A lone command is written at once.
    const redis = this.#redis;
    if (redis.commandQueue.length > 0) this.#writes.gather(redis.stream);
    if (send instanceof RedisRequest) return this.#sendCommand(attempt, send);
    const generation = this.#generation;
    // The listener is not removed: the attempt never aborts once it has settled, so the
    // listener goes with it. Not on attempt.signal: this costs no AbortController per call.
    onAttemptAbort(attempt, () => cutOnTimeout(this, attempt, generation));
    return send(redis).then(undefined, this.#explain);
  }

  #sendCommand<T>(attempt: Attempt, request: RedisRequest<T>): Promise<T> {
    const generation = this.#generation;
    // Command flattens its arguments into an array of its own (the request's stay as they
    // are), and turns HSET's object into pairs, which its types do not say.
    const command = new Command(request.name, request.args as RedisArg[], utf8Replies);
    // A lost connection is explained where ioredis rejects the command, not by a promise
    // chained after it.
    const reject = command.reject;
    command.reject = (error: Error): void => reject(this.#explained(error) as Error);
    // Its return is a traced copy of command.promise when ioredis has tracing subscribers.
    void this.#redis.sendCommand(command);
    // An aborted attempt ends with its command's promise. On a timeout the command is still
    // in flight: the connection is slow or swallows data, and every later command would
    // queue behind this one, so it is cut. (After a caller's abort ioredis still pairs the
    // late reply with its own command, and the other calls on the connection are spared.)
    // Registered once the command is written, which no abort can come before: this turn's
    // synchronous work delays the write by as much, and a lone caller waits for it.
    settleOnAttemptAbort(attempt, () => {
      reject(attemptAbortReason(attempt) as Error);
      cutOnTimeout(this, attempt, generation);
    });
    const replied = command.promise as Promise<unknown>;
    const shape = request.reply;
    return shape === undefined ? (replied as Promise<T>) : replied.then(shape);
  }

  async #connectThenSend<T>(attempt: Attempt, send: RedisSend<T>): Promise<T> {
    // Left set when the wait is cut short: the attempt then ended waiting for the connection.
    awaitConnection(attempt, true);
    await this.#setUp(attempt.signal);
    awaitConnection(attempt, false);
    // Checked again: the connection may have dropped between its opening and now.
    if (this.#redis.status !== 'ready') {
      throw new RedisConnectionError('connection lost before the command was sent', {
        neverSent: true,
        cause: this.#lastError,
      });
    }
    return this.#send(attempt, send);
  }

  /**
   * Sends `command` outside the pipeline (a recovery check) on the connection, opened if need
   * be, until `signal` aborts. A connection still being opened when the wait ends carries on
   * (the next call may use it); one whose command is left unanswered is cut, as an attempt
   * that timed out would cut it.
   */
  async check(
    signal: AbortSignal,
    command: (redis: Redis | Cluster) => Promise<unknown>,
  ): Promise<void> {
    if (this.#redis.status !== 'ready') await this.#setUp(signal);
    const generation = this.#generation;
    try {
      await untilAborted(command(this.#redis), signal);
    } catch (error) {
      if (signal.aborted) this.reset(generation);
      throw error;
    }
  }

  /**
   * Waits, until `signal` aborts, for the connection's set-up: the one under way, or a new one.
   * A set-up that outlives the wait carries on, and the next caller waits for it.
   */
  #setUp(signal: AbortSignal): Promise<void> {
    return untilAborted(this.#connecting ?? this.#startConnecting(), signal);
  }

  /** Opens the connection, shared by every caller until it is made or fails. */
  #startConnecting(): Promise<void> {
    const connecting = this.#connect();
    this.#connecting = connecting;
    const settle = (): void => {
      if (this.#connecting === connecting) this.#connecting = undefined;
    };
    connecting.then(settle, settle);
    return connecting;
  }

  async #connect(): Promise<void> {
    const redis = this.#redis;
    // A retry still under way when the client closed must not open a connection again.
    if (this.#closed) throw new RedisClientClosedError(`the client is closed`);
    if (redis.status !== 'wait' && redis.status !== 'end') {
      // Only while a connection is being torn down; the next attempt finds it ended.
      throw new RedisConnectionError(`connection is ${redis.status}, not ready`, {
        neverSent: true,
      });
    }
    const generation = ++this.#generation;
    this.#lastError = undefined;
    // The whole set-up (TCP, AUTH, SELECT, the ready check) has connectTimeoutMs, not the
    // attempt that began it: one that is slow but getting there serves the attempts after.
    const limitMs = this.#connectTimeoutMs;
    const timer = this.#clock.setTimeout(() => {
      this.reset(generation, `connection set-up took longer than ${limitMs} ms`);
    }, limitMs);
    this.#clock.holdProcess?.(timer, false);
    try {
      await redis.connect();
    } catch (error) {
      // ioredis rejects with "Connection is closed."; the real cause came as an error event.
      const cause = this.#lastError ?? error;
      // Refused credentials stay what they are (auth, not retried).
      if (cause instanceof Error && classifyReply(cause.message).kind === 'auth') throw cause;
      throw new RedisConnectionError('could not connect', { neverSent: true, cause });
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }

  /** Rethrows the error of a failed batch, {@link #explained}. */
  readonly #explain = (error: unknown): never => {
    throw this.#explained(error);
  };

  /** The error of a failed command, naming the real cause if the connection closed. */
  #explained(error: unknown): unknown {
    if (!(error instanceof Error) || error.message !== connectionClosedMessage) return error;
    return new RedisConnectionError('connection lost with the command in flight', {
      neverSent: false,
      cause: this.#lastError ?? error,
    });
  }

  /** Cuts connection number `generation` at once, if it is still the current one. */
  reset(generation: number, why = 'an attempt gave up on it'): void {
    if (generation !== this.#generation) return;
    const redis = this.#redis;
    this.#lastError = new Error(`connection cut by bulwark: ${why}`);
    // Destroyed rather than ended: an orderly close waits for a peer that may never answer.
    // ioredis then fails the commands in flight and, with no retryStrategy, ends.
    if (redis.stream !== undefined && !redis.stream.destroyed) redis.stream.destroy();
    else if (redis.status !== 'end' && redis.status !== 'wait') redis.disconnect();
  }

  /**
   * Closes the connection: QUIT first, so replies still in flight arrive, for at most
   * `timeoutMs`; then the socket is closed. Resolves once ioredis has ended.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#closed = true;
    await quitWithin(this.#redis, this.#clock, timeoutMs);
  }
}
