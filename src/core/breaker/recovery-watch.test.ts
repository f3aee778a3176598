import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { FakeClock } from '../fake-clock.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import {
  resolveRecoveryCheck,
  statusShowsTrouble,
  withClientCheck,
  type LivenessCheck,
} from './recovery-check.ts';
import { RecoveryWatch, recoveryCheckReason } from './recovery-watch.ts';

/** A breaker (opens after one failure, 10 s open) watched by `check` every 200 ms, 1 s timeout. */
function watched(check: LivenessCheck) {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, openDurationMs: 10_000 }, { clock });
  const options = resolveRecoveryCheck({ check, intervalMs: 200, timeoutMs: 1_000 });
  if (!options) throw new Error('no check');
  const watch = new RecoveryWatch(breaker, options, clock, { random: () => 0 });
  const transitions: string[] = [];
  breaker.transitions.on((t) => transitions.push(`${t.to}: ${t.reason}`));
  const open = (): void => breaker.record(breaker.tryEnter(), 'failure', 0);
  return { clock, breaker, watch, transitions, open };
}

/** A check that fails until `upAt` (ms on the fake clock), counting its runs. */
function serviceBackAt(clock: FakeClock, upAt: number) {
  const runs: number[] = [];
  const check: LivenessCheck = async () => {
    runs.push(clock.now());
    if (clock.now() < upAt) throw new Error('connect ECONNREFUSED');
  };
  return { runs, check };
}

describe('RecoveryWatch', () => {
  it('checks every interval while open and half-opens at the first check that succeeds', async () => {
    const runs: number[] = [];
    let up = false;
    const { clock, breaker, transitions, open } = watched(async () => {
      runs.push(clock.now());
      if (!up) throw new Error('connect ECONNREFUSED');
    });
    open();
    await clock.advance(650);
    expect(runs).toEqual([200, 400, 600]);
    expect(breaker.state.state).toBe('open');
    up = true;
    await clock.advance(200);
    expect(runs).toEqual([200, 400, 600, 800]);
    expect(breaker.state.state).toBe('half_open');
    expect(transitions.at(-1)).toBe(`half_open: ${recoveryCheckReason}`);
    // Half-open: the watch has stopped, and the next call is the probe.
    await clock.advance(1_000);
    expect(runs).toHaveLength(4);
    expect(breaker.tryEnter()).toBeGreaterThanOrEqual(0);
  });

  it('gives up a check at its timeout, aborting its signal, and starts the next one', async () => {
    const signals: AbortSignal[] = [];
    const { clock, breaker, open } = watched(
      (signal) =>
        new Promise(() => {
          signals.push(signal); // never settles: a blackholed request
        }),
    );
    open();
    await clock.advance(200 + 1_000);
    // It took longer than the interval: the next one starts at once.
    expect(signals).toHaveLength(2);
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[0]?.reason).toMatchObject({ name: 'TimeoutError' });
    expect(signals[1]?.aborted).toBe(false);
    expect(breaker.state.state).toBe('open');
  });

  it('starts checks an interval apart, however long a quick one took', async () => {
    const runs: number[] = [];
    const { clock, open } = watched(async () => {
      runs.push(clock.now());
      await new Promise<void>((resolve) => clock.setTimeout(() => resolve(), 150));
      throw new Error('connect ECONNREFUSED');
    });
    open();
    await clock.advance(700);
    expect(runs).toEqual([200, 400, 600]);
  });

  it('starts again at the next opening, checking half as often after each probe that failed', async () => {
    const clock = new FakeClock();
    const { runs, check } = serviceBackAt(clock, 500);
    const breaker = new CircuitBreaker(
      { consecutiveFailures: 1, openDurationMs: 10_000 },
      { clock },
    );
    const options = resolveRecoveryCheck({ check, intervalMs: 200 });
    if (!options) throw new Error('no check');
    new RecoveryWatch(breaker, options, clock, { random: () => 0 });
    breaker.record(breaker.tryEnter(), 'failure', 0);
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(600);
    expect(breaker.state.state).toBe('half_open');
    breaker.record(breaker.tryEnter(), 'failure', 0); // the probe fails: open again
    expect(breaker.state.state).toBe('open');
    // The check answered, the call did not: the next check comes after 400 ms, not 200.
    await clock.advance(200);
    expect(runs).toEqual([200, 400, 600]);
    await clock.advance(200);
    expect(runs).toEqual([200, 400, 600, 1_000]);
    expect(breaker.state.state).toBe('half_open');
    breaker.record(breaker.tryEnter(), 'failure', 0);
    await clock.advance(800);
    expect(runs).toEqual([200, 400, 600, 1_000, 1_800]);
    // A probe that succeeds closes the circuit and brings the interval back to 200 ms.
    breaker.record(breaker.tryEnter(), 'success', 0);
    breaker.record(breaker.tryEnter(), 'failure', 0);
    await clock.advance(200);
    expect(runs).toEqual([200, 400, 600, 1_000, 1_800, 2_000]);
  });

  it('checks first at a random moment within the interval, then an interval apart', async () => {
    const clock = new FakeClock();
    const { runs, check } = serviceBackAt(clock, 600);
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 }, { clock });
    const options = resolveRecoveryCheck({ check, intervalMs: 200 });
    if (!options) throw new Error('no check');
    const draws = [0.75, 0.25];
    new RecoveryWatch(breaker, options, clock, { random: () => draws.shift() ?? 0 });
    const fail = (): void => breaker.record(breaker.tryEnter(), 'failure', 0);
    fail();
    await clock.advance(650);
    expect(runs).toEqual([50, 250, 450, 650]);
    expect(breaker.state.state).toBe('half_open');
    // The probe fails: the next opening draws its own start within its (doubled) interval,
    // 300 ms, but no check comes sooner than an interval after the last one: at 1,050.
    fail();
    await clock.advance(399);
    expect(runs).toEqual([50, 250, 450, 650]);
    await clock.advance(1);
    expect(runs).toEqual([50, 250, 450, 650, 1_050]);
  });

  it('never starts checks less than an interval apart, though its timers fire early', async () => {
    const clock = new FakeClock();
    // Node's timers count from the event loop's cached time, in whole ms: a little early
    // (but never sooner than 1 ms).
    const early: Clock = {
      now: () => clock.now(),
      setTimeout: (callback, delayMs) => clock.setTimeout(callback, Math.max(1, delayMs - 1)),
      clearTimeout: (handle) => clock.clearTimeout(handle),
    };
    const { runs, check } = serviceBackAt(clock, Infinity);
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 }, { clock });
    const options = resolveRecoveryCheck({ check, intervalMs: 50 });
    if (!options) throw new Error('no check');
    new RecoveryWatch(breaker, options, early, { random: () => 0 });
    breaker.record(breaker.tryEnter(), 'failure', 0);
    await clock.advance(1_000);
    expect(runs).toHaveLength(20);
    expect(runs.slice(1).every((at, i) => at - (runs[i] ?? -Infinity) >= 50)).toBe(true);
  });

  it('is stopped by dispose, which aborts the check in flight', async () => {
    const signals: AbortSignal[] = [];
    const { clock, watch, open } = watched(
      (signal) =>
        new Promise(() => {
          signals.push(signal);
        }),
    );
    open();
    await clock.advance(200);
    watch.dispose();
    expect(signals[0]?.aborted).toBe(true);
    await clock.advance(5_000);
    expect(signals).toHaveLength(1);
  });

  it('watches a shared breaker that is open already', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 }, { clock });
    breaker.record(breaker.tryEnter(), 'failure', 0);
    const options = resolveRecoveryCheck({ check: async () => undefined });
    if (!options) throw new Error('no check');
    new RecoveryWatch(breaker, options, clock, { random: () => 0 });
    await clock.advance(200);
    expect(breaker.state.state).toBe('half_open');
  });

  it('counts a check that throws at once as a failed check', async () => {
    const { clock, breaker, open } = watched(() => {
      throw new Error('not a promise');
    });
    open();
    await clock.advance(1_000);
    expect(breaker.state.state).toBe('open');
  });
});

describe('resolveRecoveryCheck', () => {
  it('fills in the defaults, and runs nothing without a check or when off', () => {
    const check: LivenessCheck = async () => undefined;
    expect(resolveRecoveryCheck({ check })).toEqual({ check, intervalMs: 200, timeoutMs: 2_000 });
    expect(resolveRecoveryCheck({ intervalMs: 100 })).toBeUndefined();
    expect(resolveRecoveryCheck(false)).toBeUndefined();
    expect(resolveRecoveryCheck(undefined)).toBeUndefined();
  });

  it.each([
    [{ intervalMs: 0 }, 'recoveryCheck.intervalMs'],
    [{ timeoutMs: Infinity }, 'recoveryCheck.timeoutMs'],
    [{ check: 'ping' }, 'recoveryCheck.check'],
    [{ everyMs: 100 }, 'everyMs'],
  ])('refuses %j, naming the option', (options, named) => {
    expect(() => resolveRecoveryCheck(options as never)).toThrow(named);
  });
});

describe('withClientCheck', () => {
  it("brings the client's check and interval, under the caller's settings", () => {
    const ping: LivenessCheck = async () => undefined;
    const own: LivenessCheck = async () => undefined;
    expect(withClientCheck(undefined, ping, 50)).toEqual({ check: ping, intervalMs: 50 });
    expect(withClientCheck({ intervalMs: 500 }, ping, 50)).toEqual({
      check: ping,
      intervalMs: 500,
    });
    expect(withClientCheck({ check: own }, ping)).toEqual({ check: own, intervalMs: 200 });
    expect(withClientCheck(false, ping, 50)).toBe(false);
  });
});

describe('statusShowsTrouble', () => {
  it('is true for a 5xx or a 429, false for any answer of a server that works', () => {
    expect([500, 502, 503, 429].map(statusShowsTrouble)).toEqual([true, true, true, true]);
    expect([200, 204, 301, 401, 403, 404, 405].map(statusShowsTrouble)).toEqual(
      Array(7).fill(false),
    );
  });
});
