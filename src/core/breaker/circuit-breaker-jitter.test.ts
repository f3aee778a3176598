import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';
import { setupBreaker } from './circuit-breaker.test-helpers.ts';

describe('CircuitBreaker: the open time is jittered', () => {
  it('lengthens each open time by a random share of itself, up to openJitter', async () => {
    const draws = [0.5, 1 - 1e-9];
    const { clock, breaker, calls } = setupBreaker(
      { consecutiveFailures: 1, openDurationMs: 1_000, openJitter: 0.2 },
      () => draws.shift() ?? 0,
    );
    calls('failure');
    await clock.advance(1_099);
    expect(breaker.state.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state.state).toBe('half_open');
    // A failed probe opens it again, for 1,000 ms and a share drawn anew (here nearly all).
    calls('failure');
    await clock.advance(1_199);
    expect(breaker.state.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state.state).toBe('half_open');
  });

  it('keeps the open time exact with openJitter 0', async () => {
    const { clock, breaker, calls } = setupBreaker(
      { consecutiveFailures: 1, openDurationMs: 1_000, openJitter: 0 },
      () => 0.9,
    );
    calls('failure');
    await clock.advance(1_000);
    expect(breaker.state.state).toBe('half_open');
  });

  it('jitters by a fifth by default, and refuses a share outside 0..1 naming it', () => {
    const { breaker, calls } = setupBreaker({ consecutiveFailures: 1 }, () => 1 - 1e-9);
    calls('failure');
    expect(breaker.retryAfterMs).toBeCloseTo(12_000, 0);
    expect(() => new CircuitBreaker({ openJitter: 1.5 })).toThrow(/breaker\.openJitter/);
    expect(() => new CircuitBreaker({ openJitter: -0.1 })).toThrow(TypeError);
  });
});
