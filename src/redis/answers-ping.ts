import type { RedisTransport } from './transport/redis-transport.ts';

/**
 * The Redis recovery check: the client's connection, opened if need be (so the server's
 * accept, HELLO/AUTH and SELECT are checked too), answers PING. A PING left unanswered when
 * the check gives up cuts the connection, as a timed-out attempt does.
 */
export function answersPing(connection: RedisTransport, signal: AbortSignal): Promise<void> {
  return connection.check(signal, (redis) => redis.ping());
}
