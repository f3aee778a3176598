import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.ts';
import { setupBreaker } from './circuit-breaker.test-helpers.ts';

describe('CircuitBreaker: the open time is jittered', () => {
  it('draws each open time within openJitter of itself, either way', async () => {
    const draws = [0, 1 - 1e-9];
    const { clock, breaker, calls } = setupBreaker(
      { consecutiveFailures: 1, openDurationMs: 1_000, openJitter: 0.2 },
      () => draws.shift() ?? 0.5,
    );
    calls('failure');
    await clock.advance(799);
    expect(breaker.state.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state.state).toBe('half_open');
    // A failed probe opens it again, for 1,000 ms give or take a share drawn anew (here +20%).
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

  it('jitters by half either way by default, and refuses a share outside 0..1 naming it', () => {
    const shortest = setupBreaker({ consecutiveFailures: 1 }, () => 0);
    shortest.calls('failure');
    expect(shortest.breaker.retryAfterMs).toBe(5_000);
    const longest = setupBreaker({ consecutiveFailures: 1 }, () => 1 - 1e-9);
    longest.calls('failure');
    expect(longest.breaker.retryAfterMs).toBeCloseTo(15_000, 0);
    expect(() => new CircuitBreaker({ openJitter: 1.5 })).toThrow(/breaker\.openJitter/);
    expect(() => new CircuitBreaker({ openJitter: -0.1 })).toThrow(TypeError);
  });
});
