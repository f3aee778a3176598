import { describe, expect, it } from 'vitest';
import type { Classification } from '../classification.ts';
import { FakeClock } from '../fake-clock.ts';
import { RetryBudget } from './retry-budget.ts';
import { RetryPolicy, type FailedAttempt } from './retry-policy.ts';

const reset: Classification = { kind: 'connection', retriable: true, code: 'ECONNRESET' };
const refused: Classification = { kind: 'connection', retriable: true, neverSent: true };
const noJitter = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 'none' } as const;

function policy(options: ConstructorParameters<typeof RetryPolicy>[0] = {}): RetryPolicy {
  return new RetryPolicy(
    { backoff: noJitter, budget: false, ...options },
    { clock: new FakeClock(), random: () => 0.5 },
  );
}

const failed = (overrides: Partial<FailedAttempt> = {}): FailedAttempt => ({
  classification: reset,
  attempt: 1,
  idempotent: true,
  previousDelayMs: 0,
  remainingMs: Infinity,
  ...overrides,
});

describe('RetryPolicy', () => {
  it('retries a retriable failure with exponential backoff until the attempts run out', () => {
    const retry = policy({ maxAttempts: 3 });
    expect(retry.decide(failed({ attempt: 1 }))).toEqual({ retry: true, delayMs: 100 });
    expect(retry.decide(failed({ attempt: 2 }))).toEqual({ retry: true, delayMs: 200 });
    expect(retry.decide(failed({ attempt: 3 }))).toEqual({ retry: false, reason: 'max_attempts' });
  });

  it('never retries what the classification calls not retriable', () => {
    const decision = policy().decide(
      failed({ classification: { kind: 'client', retriable: false } }),
    );
    expect(decision).toEqual({ retry: false, reason: 'not_retriable' });
  });

  it('retries a non-idempotent operation only when the request provably never left', () => {
    expect(policy().decide(failed({ idempotent: false }))).toEqual({
      retry: false,
      reason: 'not_idempotent',
    });
    expect(policy().decide(failed({ idempotent: false, classification: refused }))).toEqual({
      retry: true,
      delayMs: 100,
    });
  });

  it('honours Retry-After, clamped to maxRetryAfterMs', () => {
    const retry = policy({ maxRetryAfterMs: 2_000 });
    const hinted = (retryAfterMs: number): FailedAttempt =>
      failed({ classification: { kind: 'throttled', retriable: true, retryAfterMs } });
    expect(retry.decide(hinted(1_500))).toEqual({ retry: true, delayMs: 1_500 });
    expect(retry.decide(hinted(60_000))).toEqual({ retry: true, delayMs: 2_000 });
  });

  it('gives up when the delay would not leave the deadline room for another attempt', () => {
    expect(policy().decide(failed({ remainingMs: 100 }))).toEqual({
      retry: false,
      reason: 'deadline',
    });
    expect(policy().decide(failed({ remainingMs: 101 }))).toEqual({ retry: true, delayMs: 100 });
  });

  it('waits a Retry-After the deadline holds, and gives up at once on one it does not', () => {
    const retry = policy({ maxRetryAfterMs: 2_000 });
    const hinted = (retryAfterMs: number, remainingMs: number): FailedAttempt =>
      failed({ classification: { kind: 'throttled', retriable: true, retryAfterMs }, remainingMs });
    expect(retry.decide(hinted(1_500, 1_501))).toEqual({ retry: true, delayMs: 1_500 });
    expect(retry.decide(hinted(1_500, 1_500))).toEqual({ retry: false, reason: 'deadline' });
    // Past the deadline though within maxRetryAfterMs's reach: no earlier attempt either.
    expect(retry.decide(hinted(60_000, 10_000))).toEqual({ retry: false, reason: 'deadline' });
    expect(retry.decide(hinted(60_000, 60_001))).toEqual({ retry: true, delayMs: 2_000 });
  });

  it('gives up when the retry budget is spent, and spends nothing on refused retries', () => {
    const clock = new FakeClock();
    const budget = new RetryBudget({ ratio: 0, minRetriesPerSecond: 0, maxTokens: 1 }, { clock });
    const retry = new RetryPolicy({ backoff: noJitter, budget }, { clock, random: () => 0.5 });
    expect(
      retry.decide(failed({ classification: { kind: 'client', retriable: false } })).retry,
    ).toBe(false);
    expect(retry.decide(failed())).toEqual({ retry: true, delayMs: 100 });
    expect(retry.decide(failed())).toEqual({ retry: false, reason: 'budget_exhausted' });
  });

  it('rejects bad options by name', () => {
    expect(() => policy({ maxAttempts: 0 })).toThrow(
      /retry\.maxAttempts must be an integer >= 1 \(got 0\)/,
    );
    expect(() => policy({ maxRetryAfterMs: -5 })).toThrow(/retry\.maxRetryAfterMs/);
    expect(() => policy({ attempts: 3 } as never)).toThrow(/unknown option retry\.attempts/);
  });
});
