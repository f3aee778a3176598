import type { Cluster, Redis } from 'ioredis';
import type { RedisCommand } from './redis-args.ts';

/** The error a batch fails with: EXECABORT is reported by the error that caused it. */
function failureOf(error: Error): Error {
  const previous = (error as { previousErrors?: unknown }).previousErrors;
  if (error.message.startsWith('EXECABORT') && Array.isArray(previous)) {
    const [first] = previous as unknown[];
    if (first instanceof Error) return first;
  }
  return error;
}

/**
 * Sends `commands` as one ioredis pipeline (one round trip) or one MULTI/EXEC transaction,
 * and returns their replies in order. The first error reply fails the whole batch: in a
 * pipeline the commands before it may have run, which is why a batch is retried only when
 * every command in it is idempotent.
 */
export async function runBatch(
  redis: Redis | Cluster,
  kind: 'batch' | 'multi',
  commands: readonly RedisCommand[],
): Promise<unknown[]> {
  // Each as `call(name, ...args)`: ioredis looks a batch's commands up as its own lowercase
  // methods, which would miss `GET` and every command it has no method for.
  const list = commands.map((command) => ['call', ...command]);
  const batch = kind === 'multi' ? redis.multi(list) : redis.pipeline(list);
  let results: [error: Error | null, reply: unknown][] | null;
  try {
    results = await batch.exec();
  } catch (error) {
    throw error instanceof Error ? failureOf(error) : error;
  }
  // Only a WATCHed key changing makes EXEC answer nil; batches here WATCH nothing.
  if (results === null) throw new Error('transaction aborted: EXEC returned nil');
  const replies: unknown[] = [];
  for (const [error, reply] of results) {
    if (error) throw error;
    replies.push(reply);
  }
  return replies;
}
