import { InvalidOptionError } from './error-catalogue.ts';
/**
 * Eager option checks. Each throws a TypeError that names the option, says what is allowed
 * and shows what it got, at construction time, before any I/O.
 */

function fail(name: string, allowed: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new InvalidOptionError(`bulwark: option ${name} must be ${allowed} (got ${shown})`);
}

/** An integer >= min (and <= max, when given). */
export function checkInteger(name: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(
      name,
      max === Infinity ? `an integer >= ${min}` : `an integer from ${min} to ${max}`,
      value,
    );
  }
  return value;
}

/** A finite number >= min (Infinity allowed when `allowInfinity`). */
export function checkNumber(
  name: string,
  value: unknown,
  min: number,
  allowInfinity = false,
): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    fail(name, `a ${allowInfinity ? '' : 'finite '}number >= ${min}`, value);
  }
  return value;
}

/** A number in [min, max]. */
export function checkRange(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    fail(name, `a number from ${min} to ${max}`, value);
  }
  return value;
}

/** One of the listed strings. */
export function checkOneOf<T extends string>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
  }
  return value as T;
}

/** A non-empty string. */
export function checkName(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail(name, 'a non-empty string', value);
  return value;
}

/** A function. */
export function checkFunction<T>(name: string, value: T): T {
  if (typeof value !== 'function') fail(name, 'a function', value);
  return value;
}

/** Options objects may only hold the keys the policy knows: a typo must not pass silently. */
export function checkKeys(name: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidOptionError(
        `bulwark: unknown option ${name}.${key} (known: ${known.join(', ')})`,
      );
    }
  }
}
