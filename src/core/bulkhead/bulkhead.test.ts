import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { Bulkhead } from './bulkhead.ts';

/** Records the fake time at which a queued entry settles, and how. */
function watch(clock: FakeClock, entry: boolean | Promise<boolean>) {
  const seen: { at?: number; entered?: boolean; error?: unknown } = {};
  if (typeof entry === 'boolean') throw new Error(`expected a queued entry, got ${entry}`);
  entry.then(
    (entered) => Object.assign(seen, { at: clock.now(), entered }),
    (error: unknown) => Object.assign(seen, { at: clock.now(), error }),
  );
  return seen;
}

describe('Bulkhead', () => {
  it('never runs more than maxConcurrent calls at once', async () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 10 }, { clock });
    let active = 0;
    let peak = 0;
    let done = 0;
    const call = async (durationMs: number): Promise<void> => {
      const entry = bulkhead.enter(Infinity);
      if (!(entry === true || (await entry))) throw new Error('not admitted');
      active++;
      peak = Math.max(peak, active);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, durationMs));
      active--;
      done++;
      bulkhead.leave();
    };
    const calls = [30, 10, 20, 50, 10, 40, 20, 30].map((ms) => call(ms));
    expect(bulkhead.running).toBe(2);
    expect(bulkhead.queued).toBe(6);
    await clock.runAll();
    await Promise.all(calls);
    expect(peak).toBe(2);
    expect(done).toBe(8);
    expect([bulkhead.running, bulkhead.queued, clock.pendingTimers]).toEqual([0, 0, 0]);
  });

  it('hands a freed slot to the oldest waiter', async () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 3 }, { clock });
    expect(bulkhead.enter(1_000)).toBe(true);
    const order: number[] = [];
    for (let i = 0; i < 3; i++) {
      void (bulkhead.enter(1_000) as Promise<boolean>).then(() => order.push(i));
    }
    bulkhead.leave();
    // The slot passed straight on, so it was never free for a newcomer to grab.
    expect([bulkhead.running, bulkhead.queued]).toEqual([1, 2]);
    const newcomer = bulkhead.enter(1_000);
    expect(newcomer).toBeInstanceOf(Promise);
    void (newcomer as Promise<boolean>).then(() => order.push(3));
    bulkhead.leave();
    bulkhead.leave();
    bulkhead.leave();
    await clock.advance(0);
    expect(order).toEqual([0, 1, 2, 3]);
    expect([bulkhead.running, bulkhead.queued, clock.pendingTimers]).toEqual([1, 0, 0]);
  });

  it('turns callers away when every slot and the queue are taken', () => {
    const clock = new FakeClock();
    const queueing = new Bulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock });
    expect(queueing.enter(1_000)).toBe(true);
    expect(queueing.enter(1_000)).toBeInstanceOf(Promise);
    expect(queueing.enter(1_000)).toBe(false);
    // maxQueue defaults to 0: no waiting at all.
    const strict = new Bulkhead({ maxConcurrent: 1 }, { clock });
    expect(strict.enter(Infinity)).toBe(true);
    expect(strict.enter(Infinity)).toBe(false);
    expect(clock.pendingTimers).toBe(1);
  });

  it('times a waiter out with false, and takes it out of the queue', async () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock });
    bulkhead.enter(Infinity);
    const controller = new AbortController();
    const waiting = watch(clock, bulkhead.enter(100, controller.signal));
    await clock.advance(99);
    expect(waiting.at).toBeUndefined();
    await clock.advance(1);
    expect(waiting).toEqual({ at: 100, entered: false });
    expect([bulkhead.queued, clock.pendingTimers]).toEqual([0, 0]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The timed-out caller got no slot, so leaving frees the only one.
    bulkhead.leave();
    expect(bulkhead.running).toBe(0);
  });

  it('has no time left to wait when maxWaitMs is 0', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock: new FakeClock() });
    bulkhead.enter(0);
    await expect(bulkhead.enter(0)).resolves.toBe(false);
    expect(bulkhead.queued).toBe(0);
  });

  it('rejects an aborted waiter with the reason and takes it out of the queue', async () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 2 }, { clock });
    bulkhead.enter(Infinity);
    const controller = new AbortController();
    const aborted = watch(clock, bulkhead.enter(1_000, controller.signal));
    const next = watch(clock, bulkhead.enter(Infinity));
    expect(clock.pendingTimers).toBe(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await clock.advance(0);
    expect(aborted).toEqual({ at: 0, error: reason });
    expect([bulkhead.queued, clock.pendingTimers]).toEqual([1, 0]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // No slot is lost to the aborted waiter: the next one gets it.
    bulkhead.leave();
    await clock.advance(0);
    expect(next.entered).toBe(true);
    expect([bulkhead.running, bulkhead.queued]).toEqual([1, 0]);
    bulkhead.leave();
    expect(bulkhead.running).toBe(0);
  });

  it('clears the timer and listener of a waiter that is handed a slot', async () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 1 }, { clock });
    bulkhead.enter(Infinity);
    const controller = new AbortController();
    const waiting = watch(clock, bulkhead.enter(1_000, controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.advance(10);
    bulkhead.leave();
    await clock.advance(0);
    expect(waiting).toEqual({ at: 10, entered: true });
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // A late abort changes nothing: the slot is held until leave().
    controller.abort();
    expect(bulkhead.running).toBe(1);
  });

  it('starts no timer for a wait without limit', () => {
    const clock = new FakeClock();
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 2 }, { clock });
    bulkhead.enter(Infinity);
    void bulkhead.enter(Infinity);
    void bulkhead.enter(2 ** 40);
    expect([bulkhead.queued, clock.pendingTimers]).toEqual([2, 0]);
  });

  it('rejects at once on an already-aborted signal, taking nothing', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1 }, { clock: new FakeClock() });
    const reason = new Error('already gone');
    await expect(bulkhead.enter(1_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(bulkhead.running).toBe(0);
  });

  it('refuses to free a slot nobody holds', () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 1 }, { clock: new FakeClock() });
    bulkhead.enter(0);
    bulkhead.leave();
    expect(() => bulkhead.leave()).toThrow(/no slot taken/);
    expect(bulkhead.running).toBe(0);
  });

  it('rejects bad options with a TypeError that names them', () => {
    const make = (options: object) => () => new Bulkhead(options as { maxConcurrent: number });
    for (const maxConcurrent of [0, -1, 1.5, Number.NaN, Infinity, '2', undefined]) {
      expect(make({ maxConcurrent })).toThrow(TypeError);
      expect(make({ maxConcurrent })).toThrow(/bulkhead\.maxConcurrent must be an integer >= 1/);
    }
    for (const maxQueue of [-1, 0.5, Infinity, '1']) {
      expect(make({ maxConcurrent: 1, maxQueue })).toThrow(
        /bulkhead\.maxQueue must be an integer >= 0/,
      );
    }
    expect(make({ maxConcurrent: 1, maxQeue: 1 })).toThrow(/unknown option bulkhead\.maxQeue/);
  });
});
