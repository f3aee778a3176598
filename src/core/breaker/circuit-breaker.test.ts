import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { setupBreaker as setup, trip } from './circuit-breaker.test-helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CircuitBreaker: open and half-open', () => {
  it('rejects every call while open, with the time left as the retry hint', async () => {
    const { breaker, clock, calls } = setup({ openDurationMs: 10_000 });
    expect(breaker.retryAfterMs).toBe(0);
    trip(calls);
    expect(breaker.retryAfterMs).toBe(10_000);
    await clock.advance(4_000);
    expect(breaker.tryEnter()).toBe(-1);
    expect(calls('success', 10)).toBe(0);
    expect(breaker.retryAfterMs).toBe(6_000);
    await clock.advance(5_999);
    expect(breaker.tryEnter()).toBe(-1);
    expect(breaker.retryAfterMs).toBe(1);
  });

  it('turns half-open once the open time is over, when its state is read', async () => {
    const { breaker, clock, calls, reasons } = setup();
    trip(calls);
    await clock.advance(10_000);
    expect(breaker.retryAfterMs).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(breaker.state).toEqual({ state: 'half_open', probesInFlight: 0, probesSucceeded: 0 });
    expect(reasons()).toEqual([
      'closed->open: 5 consecutive failures',
      'open->half_open: open for 10000 ms',
    ]);
  });

  it('turns half-open once the open time is over, when a call asks to go out', async () => {
    const { breaker, clock, calls, reasons } = setup();
    trip(calls);
    await clock.advance(10_000);
    expect(breaker.tryEnter()).toBeGreaterThanOrEqual(0);
    expect(breaker.state).toEqual({ state: 'half_open', probesInFlight: 1, probesSucceeded: 0 });
    expect(reasons().at(-1)).toBe('open->half_open: open for 10000 ms');
  });

  it('admits only halfOpenProbes probes at once; an ignored probe frees its slot', async () => {
    const { breaker, clock, calls } = setup({ halfOpenProbes: 2 });
    trip(calls);
    await clock.advance(10_000);
    const first = breaker.tryEnter();
    const second = breaker.tryEnter();
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThanOrEqual(0);
    expect(breaker.tryEnter()).toBe(-1);
    expect(breaker.retryAfterMs).toBe(0);
    breaker.record(first, 'ignored', 5);
    const third = breaker.tryEnter();
    expect(third).toBeGreaterThanOrEqual(0);
    expect(breaker.tryEnter()).toBe(-1);
    expect(breaker.state).toEqual({ state: 'half_open', probesInFlight: 2, probesSucceeded: 0 });
  });

  it('closes after halfOpenProbes successful probes, with every count cleared', async () => {
    const { breaker, clock, calls, reasons } = setup({ halfOpenProbes: 2 });
    calls('failure', 5);
    await clock.advance(10_000);
    const first = breaker.tryEnter();
    const second = breaker.tryEnter();
    breaker.record(first, 'success', 5);
    expect(breaker.state).toEqual({ state: 'half_open', probesInFlight: 1, probesSucceeded: 1 });
    breaker.record(second, 'success', 5);
    expect(breaker.state.state).toBe('closed');
    expect(reasons().at(-1)).toBe('half_open->closed: 2 probes succeeded');
    // The failures from before the opening no longer count.
    calls('failure', 4);
    expect(breaker.state.state).toBe('closed');
  });

  it('reopens on a failed probe, for longer each time, up to the maximum', async () => {
    const { breaker, clock, calls, reasons } = setup({
      openDurationMs: 10_000,
      openBackoff: { multiplier: 2, maxDurationMs: 25_000 },
    });
    trip(calls);
    const openTimes = [breaker.retryAfterMs];
    for (let i = 0; i < 3; i++) {
      await clock.advance(openTimes.at(-1) ?? 0);
      expect(calls('failure')).toBe(1);
      openTimes.push(breaker.retryAfterMs);
    }
    expect(openTimes).toEqual([10_000, 20_000, 25_000, 25_000]);
    expect(breaker.state).toMatchObject({ state: 'open', consecutiveOpenings: 4 });
    expect(reasons().slice(0, 4)).toEqual([
      'closed->open: 5 consecutive failures',
      'open->half_open: open for 10000 ms',
      'half_open->open: probe failed',
      'open->half_open: open for 20000 ms',
    ]);
    // A successful probe ends the streak: the next opening is short again.
    await clock.advance(25_000);
    calls('success');
    trip(calls);
    expect(breaker.retryAfterMs).toBe(10_000);
  });

  it('reopens for the same time when no backoff is configured', async () => {
    const { breaker, clock, calls } = setup({ openDurationMs: 3_000 });
    trip(calls);
    await clock.advance(3_000);
    calls('failure');
    expect(breaker.retryAfterMs).toBe(3_000);
  });

  it('treats a slow probe as a failed one when a slow-call rule is set', async () => {
    const { breaker, clock, calls, reasons } = setup({
      slowCalls: {
        durationMs: 1_000,
        rateThreshold: 1,
        window: { type: 'count', size: 10 },
        minimumCalls: 10,
      },
    });
    trip(calls);
    await clock.advance(10_000);
    calls('success', 1, 2_500);
    expect(breaker.state.state).toBe('open');
    expect(reasons().at(-1)).toBe('half_open->open: probe too slow (2500 ms)');
  });
});

describe('CircuitBreaker: tickets', () => {
  it('ignores outcomes of calls admitted before the last transition', async () => {
    const { breaker, clock, calls, reasons } = setup({ consecutiveFailures: 2 });
    const early = breaker.tryEnter();
    const late = breaker.tryEnter();
    calls('failure', 2); // opens
    await clock.advance(10_000);
    const probe = breaker.tryEnter();
    // Calls from the closed period end now: they neither close nor reopen the circuit.
    breaker.record(early, 'success', 1);
    breaker.record(late, 'failure', 1);
    expect(breaker.state).toEqual({ state: 'half_open', probesInFlight: 1, probesSucceeded: 0 });
    breaker.record(probe, 'success', 1);
    expect(breaker.state.state).toBe('closed');
    // A late duplicate of the probe's outcome doesn't count against the closed circuit either.
    breaker.record(probe, 'failure', 1);
    breaker.record(probe, 'failure', 1);
    calls('failure');
    expect(breaker.state.state).toBe('closed');
    expect(reasons()).toHaveLength(3);
  });

  it('does nothing with the rejection ticket -1', () => {
    const { breaker, calls } = setup({ consecutiveFailures: 1 });
    calls('failure');
    breaker.record(-1, 'success', 1);
    expect(breaker.state.state).toBe('open');
  });
});

describe('CircuitBreaker: manual control', () => {
  it('isolate holds the circuit open, with no probes, until reset', async () => {
    const { breaker, clock, calls, reasons } = setup();
    await clock.advance(1_234);
    breaker.isolate();
    breaker.isolate();
    expect(breaker.state).toEqual({ state: 'isolated', isolatedAt: 1_234 });
    expect(breaker.tryEnter()).toBe(-1);
    expect(breaker.retryAfterMs).toBe(Infinity);
    await clock.advance(1e9);
    expect(calls('success', 3)).toBe(0);
    breaker.reset();
    expect(breaker.state.state).toBe('closed');
    expect(breaker.retryAfterMs).toBe(0);
    expect(calls('success', 3)).toBe(3);
    expect(reasons()).toEqual([
      'closed->isolated: isolated manually',
      'isolated->closed: reset manually',
    ]);
  });

  it('reset closes an open circuit and forgets failures, openings and in-flight calls', async () => {
    const { breaker, clock, calls, reasons } = setup({
      openBackoff: { multiplier: 3, maxDurationMs: 60_000 },
    });
    trip(calls);
    await clock.advance(10_000);
    calls('failure'); // second opening: 30 s
    breaker.reset();
    expect(reasons().at(-1)).toBe('open->closed: reset manually');
    const before = breaker.tryEnter();
    calls('failure', 4);
    breaker.reset(); // already closed: no transition, but the counts are cleared
    breaker.record(before, 'failure', 1);
    calls('failure', 4);
    expect(breaker.state.state).toBe('closed');
    calls('failure');
    expect(breaker.retryAfterMs).toBe(10_000);
    expect(reasons().filter((r) => r.endsWith('reset manually'))).toHaveLength(1);
  });
});

describe('CircuitBreaker: transitions', () => {
  it('reports every transition of a full cycle, in order', async () => {
    const { breaker, clock, calls, transitions } = setup({
      consecutiveFailures: 3,
      openDurationMs: 1_000,
    });
    calls('failure', 3);
    await clock.advance(1_000);
    calls('failure');
    await clock.advance(1_000);
    calls('success');
    breaker.isolate();
    breaker.reset();
    expect(transitions).toEqual([
      { from: 'closed', to: 'open', reason: '3 consecutive failures' },
      { from: 'open', to: 'half_open', reason: 'open for 1000 ms' },
      { from: 'half_open', to: 'open', reason: 'probe failed' },
      { from: 'open', to: 'half_open', reason: 'open for 1000 ms' },
      { from: 'half_open', to: 'closed', reason: '1 probe succeeded' },
      { from: 'closed', to: 'isolated', reason: 'isolated manually' },
      { from: 'isolated', to: 'closed', reason: 'reset manually' },
    ]);
  });

  it('keeps working when the listener throws, and warns instead', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const clock = new FakeClock();
    const breaker = new CircuitBreaker(
      { consecutiveFailures: 1 },
      {
        clock,
        onTransition: () => {
          throw new Error('listener broke');
        },
      },
    );
    const ticket = breaker.tryEnter();
    expect(() => breaker.record(ticket, 'failure', 1)).not.toThrow();
    expect(breaker.state.state).toBe('open');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('listener broke'), expect.anything());
  });

  it('works without a clock or a listener', () => {
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 });
    breaker.record(breaker.tryEnter(), 'failure', 1);
    expect(breaker.tryEnter()).toBe(-1);
    // Open for the default 10 s, drawn within half of it either way.
    expect(breaker.retryAfterMs).toBeGreaterThan(4_900);
    expect(breaker.retryAfterMs).toBeLessThanOrEqual(15_000);
  });
});
