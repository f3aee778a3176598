import { expect } from 'vitest';
import { DrillUsageError } from './drill-usage-error.ts';

/** The one-line message of the DrillUsageError that `parse` throws; fails the test if none. */
export function usageRefusal(parse: () => unknown, what: string): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DrillUsageError);
    const message = (error as DrillUsageError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`expected ${what} to be refused`);
}
