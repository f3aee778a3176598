import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { TokenBucketRateLimiter } from './token-bucket-rate-limiter.ts';

/** Records the fake time at which a wait settles, and how. */
function watch(clock: FakeClock, wait: number | Promise<number>) {
  const seen: { at?: number; value?: number; error?: unknown } = {};
  if (typeof wait === 'number') throw new Error(`expected a wait, got ${wait}`);
  wait.then(
    (value) => Object.assign(seen, { at: clock.now(), value }),
    (error: unknown) => Object.assign(seen, { at: clock.now(), error }),
  );
  return seen;
}

describe('TokenBucketRateLimiter', () => {
  it('serves a burst at once, then no more than the steady rate', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 5 }, { clock });
    const grants: number[] = [];
    const grab = (): void => {
      while (limiter.acquire(0) === 0) grants.push(clock.now());
    };
    grab();
    expect(grants).toEqual([0, 0, 0, 0, 0]);
    for (let step = 0; step < 1_000; step++) {
      await clock.advance(10);
      grab();
    }
    // 10 s at 10/s on top of the burst of 5, and an even spread: 10 in every later second.
    expect(grants).toHaveLength(105);
    for (let second = 1; second < 10; second++) {
      const inSecond = grants.filter((at) => at > second * 1000 && at <= (second + 1) * 1000);
      expect(inSecond).toHaveLength(10);
    }
  });

  it('grants immediately with a plain 0, not a promise', () => {
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 1 }, { clock: new FakeClock() });
    expect(limiter.acquire(1_000)).toBe(0);
  });

  it('in delay mode, waits until a token is whole', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 1 }, { clock });
    expect(limiter.acquire(1_000)).toBe(0);
    const second = watch(clock, limiter.acquire(1_000));
    const third = watch(clock, limiter.acquire(1_000));
    await clock.advance(99);
    expect(second.at).toBeUndefined();
    await clock.advance(1);
    expect(second).toEqual({ at: 100, value: 0 });
    await clock.advance(100);
    expect(third).toEqual({ at: 200, value: 0 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('in reject mode, returns the wait and takes nothing', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 4, burst: 1 }, { clock });
    expect(limiter.acquire(0)).toBe(0);
    expect(limiter.acquire(0)).toBe(250);
    await clock.advance(100);
    expect(limiter.acquire(0)).toBe(150);
    // A wait longer than the caller allows is refused the same way, and starts no timer.
    expect(limiter.acquire(149)).toBe(150);
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(150);
    expect(limiter.acquire(0)).toBe(0);
  });

  it('quotes a wait that counts the callers already queued', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 4, burst: 1 }, { clock });
    limiter.acquire(0);
    const queued = watch(clock, limiter.acquire(Infinity));
    expect(limiter.acquire(0)).toBe(500);
    await clock.advance(250);
    expect(queued.value).toBe(0);
    expect(limiter.acquire(0)).toBe(250);
  });

  it('serves waiters in arrival order, one per token', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 1 }, { clock });
    limiter.acquire(0);
    const order: [number, number][] = [];
    for (let i = 0; i < 5; i++) {
      void (limiter.acquire(Infinity) as Promise<number>).then(() => order.push([i, clock.now()]));
    }
    // A newcomer in reject mode does not overtake them.
    await clock.advance(100);
    expect(limiter.acquire(0)).toBeGreaterThan(0);
    await clock.advance(400);
    expect(order).toEqual([
      [0, 100],
      [1, 200],
      [2, 300],
      [3, 400],
      [4, 500],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a waiter with the abort reason and gives its place to the next', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 1 }, { clock });
    limiter.acquire(0);
    const controller = new AbortController();
    const first = watch(clock, limiter.acquire(1_000, controller.signal));
    const second = watch(clock, limiter.acquire(1_000));
    await clock.advance(50);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await clock.advance(0);
    expect(first).toEqual({ at: 50, error: reason });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The aborted waiter's token goes to the one behind it, at 100 ms instead of 200 ms.
    await clock.advance(50);
    expect(second).toEqual({ at: 100, value: 0 });
    expect(clock.pendingTimers).toBe(0);
    expect(limiter.acquire(0)).toBe(100);
  });

  it('stops its timer when the only waiter aborts', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 1 }, { clock });
    limiter.acquire(0);
    const controller = new AbortController();
    const waiting = watch(clock, limiter.acquire(5_000, controller.signal));
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    await clock.advance(0);
    expect(waiting.error).toBeInstanceOf(DOMException);
    expect(clock.pendingTimers).toBe(0);
  });

  it('removes its abort listener once the permit is granted', async () => {
    const clock = new FakeClock();
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 10, burst: 1 }, { clock });
    limiter.acquire(0);
    const controller = new AbortController();
    const waiting = watch(clock, limiter.acquire(1_000, controller.signal));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await clock.advance(100);
    expect(waiting.value).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once on an already-aborted signal, taking nothing', async () => {
    const limiter = new TokenBucketRateLimiter({ ratePerSecond: 1 }, { clock: new FakeClock() });
    const reason = new Error('already gone');
    await expect(limiter.acquire(0, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(limiter.acquire(0)).toBe(0);
  });

  it('defaults the burst to the rate per second, and to at least 1', () => {
    const clock = new FakeClock();
    const fast = new TokenBucketRateLimiter({ ratePerSecond: 3 }, { clock });
    expect([fast.acquire(0), fast.acquire(0), fast.acquire(0)]).toEqual([0, 0, 0]);
    expect(fast.acquire(0)).toBeGreaterThan(0);
    const slow = new TokenBucketRateLimiter({ ratePerSecond: 0.5 }, { clock });
    expect(slow.acquire(0)).toBe(0);
    expect(slow.acquire(0)).toBe(2_000);
  });

  it('rejects bad options with a TypeError that names them', () => {
    const make = (options: object) => () =>
      new TokenBucketRateLimiter(options as { ratePerSecond: number });
    expect(make({ ratePerSecond: 0 })).toThrow(/rateLimit\.ratePerSecond must be a number > 0/);
    for (const ratePerSecond of [-1, Number.NaN, Infinity, '10', undefined]) {
      expect(make({ ratePerSecond })).toThrow(TypeError);
      expect(make({ ratePerSecond })).toThrow(/rateLimit\.ratePerSecond/);
    }
    expect(make({ ratePerSecond: 10, burst: 0.5 })).toThrow(/rateLimit\.burst .* >= 1/);
    expect(make({ ratePerSecond: 10, burst: Infinity })).toThrow(/rateLimit\.burst/);
    expect(make({ ratePerSecond: 10, brust: 5 })).toThrow(/unknown option rateLimit\.brust/);
  });
});
