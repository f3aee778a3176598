import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from './clock.ts';
import { FakeClock } from './fake-clock.ts';
import { TimeoutScheduler } from './timeout-scheduler.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** A fake clock, and the same clock counting the timers it is asked to start. */
function countingClock(): { clock: FakeClock; counting: Clock; created: () => number } {
  const clock = new FakeClock();
  let created = 0;
  const counting: Clock = {
    now: () => clock.now(),
    setTimeout: (callback, delayMs) => {
      created++;
      return clock.setTimeout(callback, delayMs);
    },
    clearTimeout: (handle) => clock.clearTimeout(handle),
    holdProcess: (handle, hold) => clock.holdProcess(handle, hold),
  };
  return { clock, counting, created: () => created };
}

describe('TimeoutScheduler', () => {
  it('fires each timeout at its time, earliest first, on one clock timer', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    const fired: string[] = [];
    scheduler.schedule(clock.now() + 300, () => fired.push(`c@${clock.now()}`));
    scheduler.schedule(clock.now() + 100, () => fired.push(`a@${clock.now()}`));
    scheduler.schedule(clock.now() + 200, () => fired.push(`b@${clock.now()}`));
    await turn();
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(300);
    expect(fired).toEqual(['a@100', 'b@200', 'c@300']);
    expect(scheduler.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('never arms a timer for timeouts cancelled within the same macrotask', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    for (let i = 0; i < 1_000; i++)
      scheduler.cancel(scheduler.schedule(clock.now() + 1_000, () => undefined));
    await turn();
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets go of the process as soon as the last timeout is cancelled, and holds it again for the next', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    const entries = Array.from({ length: 10 }, () =>
      scheduler.schedule(clock.now() + 1_000, () => undefined),
    );
    await turn();
    expect(clock.pendingTimers).toBe(1);
    for (const entry of entries) scheduler.cancel(entry);
    expect(scheduler.size).toBe(0);
    // At once, not a turn later: nothing left for the timer to do keeps the process alive.
    expect(clock.pendingTimers).toBe(0);
    const fired: number[] = [];
    scheduler.schedule(clock.now() + 2_000, () => fired.push(clock.now()));
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(2_000);
    expect(fired).toEqual([2_000]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an idle timer fires once with nothing due and is gone', async () => {
    const { clock, counting, created } = countingClock();
    const scheduler = new TimeoutScheduler(counting);
    const fired: string[] = [];
    const idle = scheduler.schedule(clock.now() + 1_000, () => fired.push('cancelled'));
    await turn();
    scheduler.cancel(idle);
    expect([created(), clock.pendingTimers]).toEqual([1, 0]);
    await clock.runAll();
    expect(clock.now()).toBe(1_000);
    expect(fired).toEqual([]);
    // Nothing was re-armed: the next timeout arms a timer of its own.
    scheduler.schedule(clock.now() + 100, () => fired.push(`next@${clock.now()}`));
    await turn();
    expect(created()).toBe(2);
    await clock.runAll();
    expect(fired).toEqual(['next@1100']);
  });

  it('on the real clock, holds the process only while a timeout is pending', async () => {
    const heldTimers = () =>
      process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = heldTimers();
    const scheduler = new TimeoutScheduler(systemClock);
    const entry = scheduler.schedule(systemClock.now() + 60_000, () => undefined);
    await turn();
    expect(heldTimers()).toBe(before + 1);
    scheduler.cancel(entry);
    // A process whose calls are done can exit now, not a minute later.
    expect(heldTimers()).toBe(before);
    const next = scheduler.schedule(systemClock.now() + 60_000, () => undefined);
    expect(heldTimers()).toBe(before + 1);
    scheduler.cancel(next);
    expect(heldTimers()).toBe(before);
  });

  it('keeps one timer for back-to-back timeouts instead of making one each', async () => {
    const { clock, counting, created } = countingClock();
    const scheduler = new TimeoutScheduler(counting);
    let entry = scheduler.schedule(clock.now() + 1_000, () => undefined);
    await turn();
    for (let call = 0; call < 100; call++) {
      // A call settles and the caller makes the next one in the same macrotask.
      scheduler.cancel(entry);
      entry = scheduler.schedule(clock.now() + 1_000, () => undefined);
      await Promise.resolve();
    }
    await turn();
    expect(created()).toBe(1);
    scheduler.cancel(entry);
    await turn();
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not fire cancelled timeouts, and re-arms for an earlier one', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    const fired: number[] = [];
    const late = scheduler.schedule(clock.now() + 500, () => fired.push(500));
    await turn();
    scheduler.schedule(clock.now() + 50, () => fired.push(50));
    scheduler.cancel(late);
    await clock.advance(1_000);
    expect(fired).toEqual([50]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps working through heavy churn with some timeouts left pending', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    let fired = 0;
    const keep = scheduler.schedule(clock.now() + 10_000, () => fired++);
    for (let i = 0; i < 10_000; i++)
      scheduler.cancel(scheduler.schedule(clock.now() + 5_000 + i, () => fired++));
    expect(scheduler.size).toBe(1);
    await clock.advance(10_000);
    expect(fired).toBe(1);
    expect(keep.done).toBe(true);
  });
});
