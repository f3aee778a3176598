import type { RedisOptions } from 'ioredis';
import type { Backoff } from '../core/retry/backoff.ts';
import type { TimeoutOptions } from '../core/pipeline-options.ts';

/** The name in every error, event and log record unless the caller names the upstream. */
export const defaultRedisService = 'redis';

/** Where ioredis itself connects by default; written out so no hidden default applies. */
export const defaultRedisHost = '127.0.0.1';
export const defaultRedisPort = 6379;
export const defaultRedisDb = 0;

/** Attempt timeout and deadline of a Redis call, in ms. */
export const defaultRedisTimeout: TimeoutOptions = {
  // A healthy Redis answers in well under a millisecond. A command still unanswered after a
  // second is stuck (a slow script, a dead link), and a retry on a fresh connection serves
  // the caller better than waiting: the core's 10 s would hold a request thread for nothing.
  attemptMs: 1_000,
  // Three attempts, their backoff and a reconnect each fit, and the caller hears back well
  // inside a typical request budget.
  totalMs: 5_000,
};

/** Backoff between Redis attempts, merged over the core's. */
export const defaultRedisBackoff: Partial<Backoff> = {
  // A reconnect to Redis takes about a millisecond; the core's 100 ms would only add latency.
  initialDelayMs: 50,
  // Past a second, failing and letting the breaker decide serves the caller better.
  maxDelayMs: 1_000,
};

/**
 * The longest a connection's set-up (TCP, AUTH, SELECT, the ready check) may take. Not the
 * attempt's timeout: a set-up through a slow link that is getting there carries on past the
 * attempt that began it and serves the next; one that cannot finish in this long is cut.
 */
export const defaultRedisConnectTimeoutMs = 10_000;

/** How long `close()` waits for QUIT (and so for replies still in flight) before cutting the connection. */
export const defaultRedisCloseTimeoutMs = 1_000;

/**
 * The ioredis options bulwark fixes: ioredis must neither retry, nor queue, nor re-send on
 * its own, or it would multiply bulwark's retries and hide failures from the breaker.
 */
export const fixedIoredisOptions = {
  // No I/O at construction: the connection is made inside an attempt, under its timeout,
  // the breaker and the rate limiter, so reconnects are paced by bulwark's backoff and an
  // open breaker makes no connections at all.
  lazyConnect: true,
  // No background reconnects (a storm against a server that is down, unseen by the breaker):
  // returning null ends the connection, and the next attempt opens a new one.
  retryStrategy: (): null => null,
  // A command sent while not connected fails at once with an error that proves it was not
  // written (and may be retried even if it is not idempotent), instead of waiting in an
  // unbounded queue that outlives its caller's deadline and hides the outage.
  enableOfflineQueue: false,
  // Never re-send a command after a reconnect: it may have run (a doubled INCR). Moot with
  // no reconnects, and set all the same in case that ever changes.
  maxRetriesPerRequest: 0,
  // Commands in flight when a connection dropped fail; re-sending a write that may have run
  // on the next connection is exactly the double-apply bulwark exists to prevent.
  autoResendUnfulfilledCommands: false,
  // Never reconnect-and-resend on a reply error (its `2` mode): bulwark's classify decides.
  reconnectOnError: null,
  // The ready check waits (with its own timers) while Redis loads its data set; bulwark
  // would rather see LOADING, a retriable reply, and apply its own backoff and deadline.
  enableReadyCheck: false,
  // Left unset on purpose: commandTimeout and socketTimeout. One timer per policy, and the
  // attempt timeout is bulwark's.
} as const satisfies RedisOptions;

/**
 * ioredis Cluster options bulwark fixes for a Cluster (its node connections take
 * {@link fixedIoredisOptions} where a Cluster allows them).
 */
export const fixedClusterOptions = {
  lazyConnect: true,
  // A command while the slots are unknown fails at once (never sent), as on one connection.
  enableOfflineQueue: false,
  // The Cluster re-reads the slots after a node fails, then sends again what was queued for
  // that node, which never reached it. A short wait: a replica takes over in a second or two.
  retryDelayOnFailover: 100,
  // CLUSTERDOWN and TRYAGAIN are left to bulwark's classify and backoff, not retried inside.
  retryDelayOnClusterDown: 0,
  retryDelayOnTryAgain: 0,
  // Connecting once, inside an attempt; after a failed start the next attempt starts again.
  clusterRetryStrategy: (): null => null,
  // Reads go to the masters: a replica may answer with what a failover then loses.
  scaleReads: 'master',
  enableReadyCheck: false,
} as const;

/**
 * The longest wait between an open circuit's recovery checks (PINGs) to Redis. A PING costs
 * the server next to nothing, so checks four times as often as the core's 200 ms keep the
 * circuit open at most 50 ms past a blip: under resets of 300 ms every second, about two
 * thirds of the calls are served, not 57%.
 */
export const redisCheckIntervalMs = 50;
