import { InvalidArgumentError } from '../core/error-catalogue.ts';
/**
 * Argument types of the Redis client and their checks. A check returns the TypeError (naming
 * the method and the argument) instead of throwing it, so a command can reject with it
 * before any I/O: a bad call fails where it was made, not as a server error reply (or, worse,
 * as a command Redis accepts and misreads).
 */

/** A key: a string, or a Buffer for binary keys. */
export type RedisKey = string | Buffer;

/** An argument of a command: strings, finite numbers and Buffers, all sent as Redis strings. */
export type RedisArg = string | number | Buffer;

/** One command of a pipeline or transaction: its name, then its arguments (`['SET', key, value]`). */
export type RedisCommand = readonly [name: string, ...args: RedisArg[]];

/** What a bad argument was, without echoing it: a value may be a secret. */
function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function problem(
  method: string,
  name: string,
  allowed: string,
  value: unknown,
): InvalidArgumentError {
  return new InvalidArgumentError(
    `bulwark: redis.${method}: ${name} must be ${allowed} (got ${describe(value)})`,
  );
}

/** Unless `key` is a string or a Buffer, the TypeError that says so. */
export function badKey(
  method: string,
  key: unknown,
  name = 'key',
): InvalidArgumentError | undefined {
  if (typeof key === 'string' || Buffer.isBuffer(key)) return undefined;
  return problem(method, name, 'a string or a Buffer', key);
}

/** Unless `value` is a string, a Buffer or a finite number, the TypeError that says so. */
export function badArg(
  method: string,
  name: string,
  value: unknown,
): InvalidArgumentError | undefined {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return undefined;
  return problem(method, name, 'a string, a Buffer or a finite number', value);
}

/** The first bad argument of `values` (which must be an array, non-empty if `nonEmpty`). */
export function badArgs(
  method: string,
  name: string,
  values: unknown,
  nonEmpty = false,
): InvalidArgumentError | undefined {
  if (!Array.isArray(values) || (nonEmpty && values.length === 0))
    return problem(method, name, nonEmpty ? 'a non-empty array' : 'an array', values);
  for (let i = 0; i < values.length; i++) {
    const bad = badArg(method, `${name}[${i}]`, values[i]);
    if (bad) return bad;
  }
  return undefined;
}

/** Unless `value` is an integer >= `min`, the TypeError that says so. */
export function badInt(
  method: string,
  name: string,
  value: unknown,
  min: number,
): InvalidArgumentError | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min) return undefined;
  return problem(method, name, min === -Infinity ? 'an integer' : `an integer >= ${min}`, value);
}

/** Unless `name` looks like a command name (`GET`, `JSON.SET`), the TypeError that says so. */
export function badCommandName(
  method: string,
  name: unknown,
  what = 'the command name',
): InvalidArgumentError | undefined {
  if (typeof name === 'string' && /^[A-Za-z][\w.|-]*$/.test(name)) return undefined;
  return problem(method, what, 'a command name such as "GET" or "JSON.SET"', name);
}

/** Unless `commands` is a non-empty array of `[name, ...args]`, the TypeError that says so. */
export function badCommands(method: string, commands: unknown): InvalidArgumentError | undefined {
  if (!Array.isArray(commands) || commands.length === 0)
    return problem(method, 'commands', 'a non-empty array of [name, ...args]', commands);
  for (const [i, command] of (commands as unknown[]).entries()) {
    if (!Array.isArray(command) || command.length === 0)
      return problem(method, `commands[${i}]`, 'an array [name, ...args]', command);
    const [name, ...args] = command as unknown[];
    const bad =
      badCommandName(method, name, `commands[${i}][0]`) ??
      badArgs(method, `commands[${i}] arguments`, args);
    if (bad) return bad;
  }
  return undefined;
}
