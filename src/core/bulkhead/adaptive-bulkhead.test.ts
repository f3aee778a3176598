import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { AdaptiveBulkhead, type LimitChange } from './adaptive-bulkhead.ts';

const slow = { latencyMs: 10, dropped: true } as const;

describe('AdaptiveBulkhead', () => {
  it('refuses a call over the limit at once, synchronously, without a queue by default', () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead({ adaptive: { initialLimit: 2 } }, { clock });
    expect(bulkhead.limit).toBe(2);
    expect([bulkhead.enter(1_000), bulkhead.enter(1_000)]).toEqual([true, true]);
    expect(bulkhead.enter(Infinity)).toBe(false);
    expect([bulkhead.running, bulkhead.queued, clock.pendingTimers]).toEqual([2, 0, 0]);
    bulkhead.leave();
    expect(bulkhead.enter(1_000)).toBe(true);
  });

  it('lowers its cap as the limit falls, and turns away calls it let in before', async () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead({ adaptive: { initialLimit: 10 } }, { clock });
    for (let i = 0; i < 10; i++) expect(bulkhead.enter(1_000)).toBe(true);
    await clock.advance(10);
    bulkhead.leave(slow);
    expect(bulkhead.limit).toBe(9);
    // 9 running, limit 9: full.
    expect(bulkhead.enter(1_000)).toBe(false);
    await clock.advance(10);
    bulkhead.leave(slow);
    expect([bulkhead.limit, bulkhead.running]).toEqual([8, 8]);
    expect(bulkhead.enter(1_000)).toBe(false);
    bulkhead.leave();
    expect(bulkhead.enter(1_000)).toBe(true);
  });

  it('keeps the limit when left without a sample, as a fixed bulkhead is', () => {
    const bulkhead = new AdaptiveBulkhead({}, { clock: new FakeClock() });
    for (let i = 0; i < 100; i++) {
      bulkhead.enter(0);
      bulkhead.leave();
    }
    expect([bulkhead.limit, bulkhead.running]).toEqual([20, 0]);
  });

  it('tells listeners each change of the integer limit, and only changes', async () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead(
      { adaptive: { initialLimit: 4, smoothing: 1 } },
      { clock },
    );
    const changes: LimitChange[] = [];
    using _listening = bulkhead.limitChanges.on((change) => changes.push(change));
    for (let i = 0; i < 4; i++) bulkhead.enter(1_000);
    // A round of four fast calls at full use: the limit takes its headroom, 4 + sqrt(4).
    for (let i = 0; i < 4; i++) bulkhead.leave({ latencyMs: 5, dropped: false });
    await clock.advance(10);
    bulkhead.enter(1_000);
    bulkhead.leave(slow);
    // Another round raises it again (5.4 + sqrt(5.4)); a leave without a sample moves nothing.
    for (let i = 0; i < 5; i++) bulkhead.enter(1_000);
    for (let i = 0; i < 5; i++) bulkhead.leave({ latencyMs: 5, dropped: false });
    bulkhead.enter(1_000);
    bulkhead.leave();
    expect(changes).toEqual([
      { from: 4, to: 6 },
      { from: 6, to: 5 },
      { from: 5, to: 7 },
    ]);
  });

  it('says nothing when a sample moves the limit by less than a whole call', () => {
    const bulkhead = new AdaptiveBulkhead(
      { adaptive: { initialLimit: 4 } },
      { clock: new FakeClock() },
    );
    const changes: LimitChange[] = [];
    using _listening = bulkhead.limitChanges.on((change) => changes.push(change));
    // A round at full use moves the limit a fifth of the way to 6: to 4.4.
    for (let i = 0; i < 4; i++) bulkhead.enter(1_000);
    for (let i = 0; i < 4; i++) bulkhead.leave({ latencyMs: 5, dropped: false });
    expect([bulkhead.limit, changes]).toEqual([4, []]);
  });

  it('admits queued callers when the limit rises or a slot frees', async () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead(
      { adaptive: { algorithm: 'aimd', initialLimit: 1 }, maxQueue: 2 },
      { clock },
    );
    expect(bulkhead.enter(1_000)).toBe(true);
    const first = bulkhead.enter(1_000);
    const second = bulkhead.enter(1_000);
    expect(bulkhead.enter(1_000)).toBe(false);
    // One good call at full use: AIMD's limit goes from 1 to 2, room for both waiters.
    bulkhead.leave({ latencyMs: 5, dropped: false });
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect([bulkhead.limit, bulkhead.running, bulkhead.queued]).toEqual([2, 2, 0]);
  });

  it('times a waiter out with false when its wait runs out', async () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead(
      { adaptive: { initialLimit: 1 }, maxQueue: 1 },
      { clock },
    );
    bulkhead.enter(Infinity);
    const waiting = bulkhead.enter(100);
    await clock.advance(100);
    await expect(waiting).resolves.toBe(false);
    await expect(bulkhead.enter(0)).resolves.toBe(false);
    await expect(bulkhead.enter(1, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect([bulkhead.running, bulkhead.queued]).toEqual([1, 0]);
  });

  it('refuses to free a slot nobody holds', () => {
    const bulkhead = new AdaptiveBulkhead({}, { clock: new FakeClock() });
    expect(() => bulkhead.leave(slow)).toThrow(/AdaptiveBulkhead\.leave\(\) called with no slot/);
    expect(bulkhead.limit).toBe(20);
  });

  it('rejects bad options with a TypeError that names them', () => {
    const make = (options: object) => () => new AdaptiveBulkhead(options);
    expect(make({ adaptive: true, maxConcurrent: 4 })).toThrow(TypeError);
    expect(make({ adaptive: true, maxConcurrent: 4 })).toThrow(
      /bulkhead\.maxConcurrent and bulkhead\.adaptive cannot be given together/,
    );
    expect(make({ adaptive: false })).toThrow(
      /bulkhead\.adaptive must be true or an options object \(got false\)/,
    );
    expect(make({ maxQueue: -1 })).toThrow(/bulkhead\.maxQueue must be an integer >= 0/);
    expect(make({ adaptive: { maxLimit: 0 } })).toThrow(/bulkhead\.adaptive\.maxLimit/);
    expect(make({ adaptve: true })).toThrow(/unknown option bulkhead\.adaptve/);
  });
});
