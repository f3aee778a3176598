import { describe, expect, it } from 'vitest';
import { oneLine } from './one-line.ts';

describe('oneLine', () => {
  it("keeps an error's first line of message", () => {
    expect(oneLine(new Error('postgres at x is unreachable\nmore detail'))).toBe(
      'postgres at x is unreachable',
    );
  });

  it('joins a first line that ends with a colon with the line that says what went wrong', () => {
    const error = new Error(
      'could not start the test services:\nredis-server not found; run `npm run setup`\n\nlog...',
    );
    expect(oneLine(error)).toBe(
      'could not start the test services: redis-server not found; run `npm run setup`',
    );
  });

  it('masks credentials in URLs, and says something for an empty message', () => {
    expect(oneLine('failed: postgres://app:hunter2@db/orders')).not.toContain('hunter2');
    expect(oneLine(new Error(''))).toBe('unknown error');
  });
});
