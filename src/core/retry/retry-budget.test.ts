import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { RetryBudget } from './retry-budget.ts';

describe('RetryBudget', () => {
  it('allows saved-up retries, then only the configured fraction of calls', () => {
    const clock = new FakeClock();
    const budget = new RetryBudget(
      { ratio: 0.25, minRetriesPerSecond: 0, maxTokens: 2 },
      { clock },
    );
    expect([budget.tryRetry(), budget.tryRetry(), budget.tryRetry()]).toEqual([true, true, false]);
    // 100 failing calls, each wanting a retry: only a quarter of them get one.
    let retries = 0;
    for (let i = 0; i < 100; i++) {
      budget.onCall();
      if (budget.tryRetry()) retries++;
    }
    expect(retries).toBe(25);
  });

  it('refills the floor with time, up to the maximum', async () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 5, maxTokens: 3 }, { clock });
    while (budget.tryRetry());
    expect(budget.available).toBe(0);
    await clock.advance(200);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
    await clock.advance(10_000);
    expect(budget.available).toBe(3);
  });

  it('rejects bad options by name', () => {
    expect(() => new RetryBudget({ ratio: 2 })).toThrow(
      /retry\.budget\.ratio must be a number from 0 to 1/,
    );
    expect(() => new RetryBudget({ maxTokens: 0 })).toThrow(/retry\.budget\.maxTokens/);
    expect(() => new RetryBudget({ floor: 1 } as never)).toThrow(
      /unknown option retry\.budget\.floor/,
    );
  });
});
