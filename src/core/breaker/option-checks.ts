import { InvalidOptionError } from '../error-catalogue.ts';
/**
 * Option checks that src/core/validate.ts lacks, worded like its own. They belong there:
 * move them when that file is next open for changes.
 */

/** A share of calls above 0 and at most 1 (0 would trip on the first calls, healthy or not). */
export function checkRate(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    fail(name, 'a number above 0 and at most 1', value);
  }
  return value;
}

/** A finite number above 0. */
export function checkPositive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !(value > 0 && Number.isFinite(value))) {
    fail(name, 'a finite number above 0', value);
  }
  return value;
}

/** A non-null object (a nested group of options). */
export function checkObject(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) fail(name, 'an object', value);
}

/** An option that only some other option makes optional. */
export function checkRequired(name: string, value: unknown, unless: string): void {
  if (value === undefined)
    throw new InvalidOptionError(`bulwark: option ${name} is required when ${unless}`);
}

function fail(name: string, allowed: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new InvalidOptionError(`bulwark: option ${name} must be ${allowed} (got ${shown})`);
}
