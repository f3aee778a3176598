import { describe, expect, it } from 'vitest';
import { answersAfter, warmUp } from './pipeline-hedging.test-helpers.ts';
import { call, settle, setup } from './pipeline.test-helpers.ts';

describe('more than one hedge per attempt (maxHedges)', () => {
  it('sends another hedge when the first is slow too, and the one that answers wins', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20, maxHedges: 2 },
      breaker: false,
    });
    await warmUp(pipeline, clock);
    events.length = 0;
    // The first attempt and the first hedge are both held up; the second hedge is not.
    const slowTwice = answersAfter(clock, (attempt) => (attempt <= 2 ? 500 : 5));
    const result = settle(pipeline.execute(slowTwice.operation, call));
    await clock.advance(20);
    expect(slowTwice.started).toEqual([1, 2]);
    await clock.advance(20);
    expect(slowTwice.started).toEqual([1, 2, 3]);
    await clock.advance(5);
    expect(await result).toEqual({ value: 'answer of 3' });
    expect(slowTwice.aborted.toSorted()).toEqual([1, 2]);
    const hedges = events.filter((event) => event.type === 'hedge');
    expect(hedges.map((event) => [event.outcome, event.attempt])).toEqual([
      ['sent', 2],
      ['sent', 3],
      ['lost', 2],
      ['won', 3],
    ]);
    expect(events.find((event) => event.type === 'call')).toMatchObject({ attempts: 3 });
  });

  it('sends one hedge only by default, however long the attempts take', async () => {
    const { clock, pipeline } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    const slow = answersAfter(clock, (attempt) => (attempt === 1 ? 100 : 90));
    const result = settle(pipeline.execute(slow.operation, call));
    await clock.advance(100);
    expect(await result).toEqual({ value: 'answer of 1' });
    expect(slow.started).toEqual([1, 2]);
  });

  it('sends no further hedge once an attempt has answered', async () => {
    const { clock, pipeline } = setup({ hedge: { floorMs: 20, maxHedges: 3 }, breaker: false });
    await warmUp(pipeline, clock);
    const slowFirst = answersAfter(clock, (attempt) => (attempt === 1 ? 500 : 10));
    const result = settle(pipeline.execute(slowFirst.operation, call));
    await clock.advance(30);
    expect(await result).toEqual({ value: 'answer of 2' });
    await clock.advance(100);
    expect(slowFirst.started).toEqual([1, 2]);
  });
});
