import { serverDeadlineMs } from '../core/driver-timeout.ts';
import type { RedisArg } from './redis-args.ts';
import { RedisRequest } from './transport/redis-request.ts';

/** Where a blocking command's timeout argument is, and in which unit Redis reads it. */
interface TimeoutArgument {
  readonly unit: 'seconds' | 'ms';
  /** Its index in the arguments, or -1 when the command does not block as sent. */
  readonly index: (args: readonly RedisArg[]) => number;
}

const lastArgument = (args: readonly RedisArg[]): number => args.length - 1;
const firstArgument = (args: readonly RedisArg[]): number => (args.length > 0 ? 0 : -1);

/** XREAD and XREADGROUP block only with BLOCK, an option before STREAMS (whose ids may read "BLOCK"). */
function afterBlock(args: readonly RedisArg[]): number {
  for (let i = 0; i < args.length - 1; i++) {
    const word = String(args[i]).toUpperCase();
    if (word === 'STREAMS') return -1;
    if (word === 'BLOCK') return i + 1;
  }
  return -1;
}

/**
 * The commands that wait on the server, by their timeout argument (Redis 7 command reference).
 * A timeout of 0 waits for ever; the seconds are read as a decimal since Redis 6.0.
 */
const blockingCommands: ReadonlyMap<string, TimeoutArgument> = new Map([
  ['blpop', { unit: 'seconds', index: lastArgument }],
  ['brpop', { unit: 'seconds', index: lastArgument }],
  ['brpoplpush', { unit: 'seconds', index: lastArgument }],
  ['blmove', { unit: 'seconds', index: lastArgument }],
  ['bzpopmin', { unit: 'seconds', index: lastArgument }],
  ['bzpopmax', { unit: 'seconds', index: lastArgument }],
  ['blmpop', { unit: 'seconds', index: firstArgument }],
  ['bzmpop', { unit: 'seconds', index: firstArgument }],
  ['wait', { unit: 'ms', index: lastArgument }],
  ['waitaof', { unit: 'ms', index: lastArgument }],
  ['xread', { unit: 'ms', index: afterBlock }],
  ['xreadgroup', { unit: 'ms', index: afterBlock }],
]);

/**
 * For a command that blocks on the server (BLPOP, XREAD BLOCK, WAIT...), the request each
 * attempt sends: its timeout argument clamped to the attempt's time (the remaining deadline on
 * a retry), so the server stops blocking once nobody waits for the answer. A blocked command
 * holds its connection: every later command on it queues behind, and a Cluster's node
 * connection is not cut when an attempt gives up. A shorter timeout of the caller's stays as
 * it is; 0 (for ever) becomes the attempt's time. Undefined for any other command, and for a
 * blocking one whose timeout is not where the command puts it (the server will refuse it).
 */
export function blockingRequest(
  name: string,
  args: readonly RedisArg[],
): ((timeoutMs: number) => RedisRequest<unknown>) | undefined {
  const place = blockingCommands.get(name.toLowerCase());
  const index = place === undefined ? -1 : place.index(args);
  if (place === undefined || index < 0) return undefined;
  const given = Number(String(args[index]));
  if (!Number.isFinite(given) || given < 0) return undefined;
  const givenMs = place.unit === 'seconds' ? given * 1_000 : given;
  const unchanged = new RedisRequest<unknown>(name, args);
  return (timeoutMs) => {
    const leftMs = serverDeadlineMs(timeoutMs);
    if (leftMs === undefined || (given !== 0 && givenMs <= leftMs)) return unchanged;
    const clamped = [...args];
    clamped[index] = place.unit === 'seconds' ? leftMs / 1_000 : leftMs;
    return new RedisRequest<unknown>(name, clamped);
  };
}
