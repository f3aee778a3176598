import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { WaitQueue } from './wait-queue.ts';

describe('WaitQueue', () => {
  it('admits waiters oldest first', async () => {
    const queue = new WaitQueue(new FakeClock());
    const order: number[] = [];
    for (let i = 0; i < 3; i++) void queue.wait(Infinity, undefined).then(() => order.push(i));
    expect([queue.admitNext(), queue.admitNext()]).toEqual([true, true]);
    await Promise.resolve();
    expect(order).toEqual([0, 1]);
    expect(queue.length).toBe(1);
    expect([queue.admitNext(), queue.admitNext()]).toEqual([true, false]);
  });

  it('resolves false at maxWaitMs, and rejects with the reason on abort, leaving no trace', async () => {
    const clock = new FakeClock();
    const queue = new WaitQueue(clock);
    const controller = new AbortController();
    const timedOut = queue.wait(100, undefined);
    const aborted = queue.wait(1_000, controller.signal);
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    await clock.advance(100);
    await expect(timedOut).resolves.toBe(false);
    expect([queue.length, clock.pendingTimers]).toEqual([0, 0]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(queue.admitNext()).toBe(false);
  });
});
