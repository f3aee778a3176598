import { describe, expect, it } from 'vitest';
import type { CircuitBreakerOptions } from './circuit-breaker-options.ts';
import { setupBreaker as setup } from './circuit-breaker.test-helpers.ts';

describe('CircuitBreaker trip rules', () => {
  it('opens after 5 consecutive failures by default, and a success restarts the count', () => {
    const { breaker, calls, reasons } = setup();
    calls('failure', 4);
    calls('success');
    calls('failure', 4);
    expect(breaker.state.state).toBe('closed');
    calls('failure');
    expect(breaker.state).toEqual({
      state: 'open',
      openedAt: 0,
      openUntil: 10_000,
      consecutiveOpenings: 1,
    });
    expect(reasons()).toEqual(['closed->open: 5 consecutive failures']);
  });

  it('trips on the failure rate only once the window holds minimumCalls calls', () => {
    const { breaker, calls, reasons } = setup({
      consecutiveFailures: Infinity,
      failureRate: { threshold: 0.5, minimumCalls: 10, window: { type: 'count', size: 10 } },
    });
    // Nine calls, all failed: a 100% rate, but too few calls to judge.
    calls('failure', 9);
    expect(breaker.state.state).toBe('closed');
    calls('success');
    expect(breaker.state.state).toBe('open');
    expect(reasons()).toEqual(['closed->open: failure rate 90% >= 50% over last 10 calls']);
  });

  it('judges the rate over the last `size` calls only', () => {
    const { breaker, calls, reasons } = setup({
      consecutiveFailures: Infinity,
      failureRate: { threshold: 0.6, minimumCalls: 10, window: { type: 'count', size: 10 } },
    });
    calls('success', 5);
    calls('failure', 5);
    expect(breaker.state.state).toBe('closed');
    // The oldest success leaves the window: 6 failures in the last 10 calls.
    calls('failure');
    expect(reasons()).toEqual(['closed->open: failure rate 60% >= 60% over last 10 calls']);
  });

  it('over a time window, forgets failures older than the window', async () => {
    const options: CircuitBreakerOptions = {
      consecutiveFailures: Infinity,
      failureRate: {
        threshold: 0.5,
        minimumCalls: 4,
        window: { type: 'time', durationMs: 10_000 },
      },
    };
    const recent = setup(options);
    recent.calls('failure', 3);
    await recent.clock.advance(9_000);
    recent.calls('success');
    expect(recent.reasons()).toEqual([
      'closed->open: failure rate 75% >= 50% over 4 calls in the last 10000 ms',
    ]);

    const old = setup(options);
    old.calls('failure', 3);
    await old.clock.advance(10_000);
    old.calls('success', 3);
    old.calls('failure');
    expect(old.breaker.state.state).toBe('closed');
    old.calls('failure', 2);
    expect(old.reasons()).toEqual([
      'closed->open: failure rate 50% >= 50% over 6 calls in the last 10000 ms',
    ]);
  });

  it('trips when too many calls are slow, even when they succeed', () => {
    const { breaker, calls, reasons } = setup({
      slowCalls: {
        durationMs: 1_000,
        rateThreshold: 0.5,
        window: { type: 'count', size: 4 },
        minimumCalls: 4,
      },
    });
    calls('success', 3, 1_000); // exactly the limit is not slow
    calls('success', 1, 1_001);
    expect(breaker.state.state).toBe('closed');
    calls('success', 1, 5_000);
    expect(breaker.state.state).toBe('open');
    expect(reasons()).toEqual([
      'closed->open: slow-call rate 50% >= 50% over last 4 calls (slow: over 1000 ms)',
    ]);
  });

  it('counts slow calls over the failure-rate window when given none of its own', () => {
    const { breaker, calls, reasons } = setup({
      failureRate: { threshold: 0.9, minimumCalls: 3, window: { type: 'count', size: 5 } },
      slowCalls: { durationMs: 100, rateThreshold: 0.6 },
    });
    calls('success', 2, 500);
    expect(breaker.state.state).toBe('closed');
    calls('failure', 1, 500);
    expect(reasons()).toEqual([
      'closed->open: slow-call rate 100% >= 60% over last 3 calls (slow: over 100 ms)',
    ]);
  });

  it('never trips on ignored outcomes', () => {
    const { breaker, calls } = setup({
      consecutiveFailures: 1,
      failureRate: { threshold: 0.1, minimumCalls: 1, window: { type: 'count', size: 10 } },
      slowCalls: { durationMs: 1, rateThreshold: 0.1 },
    });
    expect(calls('ignored', 1_000, 60_000)).toBe(1_000);
    expect(breaker.state.state).toBe('closed');
  });
});
