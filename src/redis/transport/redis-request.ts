import type { Cluster, Redis } from 'ioredis';
import type { RedisArg } from '../redis-args.ts';

/**
 * One command for the connection to send as an ioredis Command it makes itself, not through
 * an ioredis method: holding the command, the connection rejects its promise when the attempt
 * is aborted and explains a lost connection in the same rejection, so the pipeline awaits
 * ioredis's own promise with nothing in between. `reply` shapes the reply (`OK` to nothing,
 * `1` to true) where the method promises another type.
 *
 * Relies on ioredis's `Command` flattening its arguments and turning HSET's object into
 * pairs, which its types do not say.
 */
export class RedisRequest<T> {
  readonly name: string;
  readonly args: readonly RedisRequestArg[];
  readonly reply: ((raw: unknown) => T) | undefined;

  constructor(name: string, args: readonly RedisRequestArg[], reply?: (raw: unknown) => T) {
    this.name = name;
    this.args = args;
    this.reply = reply;
  }
}

/** An argument, or HSET's fields as an object (ioredis turns it into field, value pairs). */
export type RedisRequestArg = RedisArg | Readonly<Record<string, RedisArg>>;

/** What a client method hands to the connection: one command, or work on the ioredis client (a batch). */
export type RedisSend<T> = RedisRequest<T> | ((redis: Redis | Cluster) => Promise<T>);
