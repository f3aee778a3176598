import { expect, test } from 'vitest';
import { toStatementTimeout } from './attempt-lease.ts';

test.each([
  [1_234, 1_234],
  // A deadline computed as a difference of clock readings.
  [1_234.000_000_000_2, 1_234],
  [299.999_999_999_999_9, 300],
  // Never 0 for a bounded attempt: 0 would mean no timeout at all.
  [0.3, 1],
  [Infinity, 0],
  // Beyond PostgreSQL's 32-bit setting.
  [3_000_000_000, 0],
])("an attempt's %d ms become statement_timeout = %d", (ms, setting) => {
  expect(toStatementTimeout(ms)).toBe(setting);
});
