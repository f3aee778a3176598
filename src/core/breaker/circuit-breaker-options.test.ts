import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../error-catalogue.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import type { CircuitBreakerOptions } from './circuit-breaker-options.ts';

const make = (options: unknown) => () => new CircuitBreaker(options as CircuitBreakerOptions);
const countWindow = { type: 'count', size: 10 } as const;

describe('circuit breaker options', () => {
  it('reject bad numbers by name, saying what is allowed', () => {
    expect(make({ consecutiveFailures: 0 })).toThrow(
      new InvalidOptionError(
        'bulwark: option breaker.consecutiveFailures must be an integer >= 1 (got 0)',
      ),
    );
    expect(make({ openDurationMs: -1 })).toThrow(
      /breaker\.openDurationMs must be a finite number >= 0/,
    );
    expect(make({ halfOpenProbes: 1.5 })).toThrow(
      /breaker\.halfOpenProbes must be an integer >= 1/,
    );
  });

  it('reject a bad failure-rate rule by name', () => {
    const rule = { threshold: 0.5, minimumCalls: 5, window: countWindow };
    expect(make({ failureRate: { ...rule, threshold: 1.5 } })).toThrow(
      new InvalidOptionError(
        'bulwark: option breaker.failureRate.threshold must be a number above 0 and at most 1 (got 1.5)',
      ),
    );
    expect(make({ failureRate: { ...rule, threshold: 0 } })).toThrow(
      /breaker\.failureRate\.threshold/,
    );
    expect(make({ failureRate: { ...rule, minimumCalls: 11 } })).toThrow(
      /breaker\.failureRate\.minimumCalls must be an integer from 1 to 10 \(got 11\)/,
    );
    expect(make({ failureRate: null })).toThrow(
      /breaker\.failureRate must be an object \(got null\)/,
    );
    expect(make({ failureRate: { ...rule, window: { type: 'sliding', size: 3 } } })).toThrow(
      /breaker\.failureRate\.window\.type must be one of "count", "time" \(got "sliding"\)/,
    );
    expect(make({ failureRate: { ...rule, window: { type: 'count', size: 0 } } })).toThrow(
      /breaker\.failureRate\.window\.size/,
    );
    expect(make({ failureRate: { ...rule, window: { type: 'time', durationMs: 0 } } })).toThrow(
      /breaker\.failureRate\.window\.durationMs must be a finite number above 0/,
    );
    expect(
      make({ failureRate: { ...rule, window: { type: 'time', durationMs: 1_000, buckets: 0 } } }),
    ).toThrow(/breaker\.failureRate\.window\.buckets/);
    expect(
      make({ failureRate: { ...rule, window: { type: 'time', durationMs: 1, size: 3 } } }),
    ).toThrow(/unknown option breaker\.failureRate\.window\.size/);
  });

  it('reject a slow-call rule with nothing to count over', () => {
    expect(make({ slowCalls: { durationMs: 1_000, rateThreshold: 0.5 } })).toThrow(
      /breaker\.slowCalls\.window is required when breaker\.failureRate is not set/,
    );
    expect(
      make({ slowCalls: { durationMs: 1_000, rateThreshold: 0.5, window: countWindow } }),
    ).toThrow(/breaker\.slowCalls\.minimumCalls is required/);
    const own = { durationMs: 1_000, rateThreshold: 0.5, window: countWindow, minimumCalls: 5 };
    expect(make({ slowCalls: { ...own, rateThreshold: 2 } })).toThrow(
      /breaker\.slowCalls\.rateThreshold/,
    );
    expect(make({ slowCalls: { ...own, durationMs: -5 } })).toThrow(
      /breaker\.slowCalls\.durationMs/,
    );
    expect(make({ slowCalls: { ...own, minimumCalls: 20 } })).toThrow(
      /breaker\.slowCalls\.minimumCalls/,
    );
  });

  it('reject an open backoff that would shrink the open time', () => {
    expect(make({ openBackoff: { multiplier: 0.5, maxDurationMs: 60_000 } })).toThrow(
      /breaker\.openBackoff\.multiplier must be a finite number >= 1/,
    );
    expect(
      make({ openDurationMs: 10_000, openBackoff: { multiplier: 2, maxDurationMs: 5_000 } }),
    ).toThrow(/breaker\.openBackoff\.maxDurationMs must be a finite number >= 10000 \(got 5000\)/);
  });

  it('reject unknown keys, so a typo does not pass silently', () => {
    expect(make({ openDuration: 5 })).toThrow(/unknown option breaker\.openDuration /);
    expect(make({ openBackoff: { multiplier: 2, max: 5 } })).toThrow(
      /unknown option breaker\.openBackoff\.max /,
    );
  });

  it('reject a listener that is not a function', () => {
    expect(() => new CircuitBreaker({}, { onTransition: 'log' as never })).toThrow(
      /breaker\.onTransition must be a function/,
    );
  });

  it('accept a full, valid configuration', () => {
    expect(
      make({
        consecutiveFailures: Infinity,
        failureRate: {
          threshold: 0.5,
          minimumCalls: 10,
          window: { type: 'time', durationMs: 60_000, buckets: 6 },
        },
        slowCalls: { durationMs: 2_000, rateThreshold: 0.8 },
        openDurationMs: 0,
        openBackoff: { multiplier: 2, maxDurationMs: 60_000 },
        halfOpenProbes: 3,
      }),
    ).not.toThrow();
  });
});
