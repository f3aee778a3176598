import { describe, expect, it } from 'vitest';
import { answersAfter, expectNoHedge, warmUp } from './pipeline-hedging.test-helpers.ts';
import { call, settle, setup } from './pipeline.test-helpers.ts';

describe('hedging with a bulkhead', () => {
  it('does not hedge while an adaptive concurrency limit is reached', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      breaker: false,
      bulkhead: { adaptive: { algorithm: 'aimd', initialLimit: 1, maxLimit: 1 } },
    });
    await warmUp(pipeline, clock);
    events.length = 0;
    await expectNoHedge(pipeline, clock, events);
  });

  it('holds a bulkhead slot while a hedge runs, so the calls and hedges sent never pass the cap', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      breaker: false,
      bulkhead: { maxConcurrent: 2 },
    });
    await warmUp(pipeline, clock);
    events.length = 0;
    const slow = answersAfter(clock, (attempt) => (attempt === 1 ? 100 : 50));
    const hedged = settle(pipeline.execute(slow.operation, call));
    await clock.advance(20);
    expect(slow.started).toEqual([1, 2]);
    // Both slots are taken, one by the hedge: a call now is refused.
    const refused = await settle(pipeline.execute(slow.operation, call));
    expect(refused.error).toMatchObject({ kind: 'bulkhead_full' });
    await clock.advance(50);
    expect(await hedged).toEqual({ value: 'answer of 2' });
    // The hedge won and the loser was aborted: both slots are free again.
    expect(pipeline.bulkhead?.running).toBe(0);
  });

  it('sends no hedge when the bulkhead refused a call while the attempt waited: it has no slot to spare', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      breaker: false,
      bulkhead: { maxConcurrent: 3 },
    });
    await warmUp(pipeline, clock);
    events.length = 0;
    const slow = answersAfter(clock, () => 100);
    const first = settle(pipeline.execute(slow.operation, call));
    const brief = answersAfter(clock, () => 10);
    const others = [1, 2].map(() => settle(pipeline.execute(brief.operation, call)));
    await clock.advance(5);
    // Every slot is taken: this call is refused.
    expect((await settle(pipeline.execute(slow.operation, call))).error).toMatchObject({
      kind: 'bulkhead_full',
    });
    await clock.advance(5);
    await Promise.all(others);
    // Slots are free again when the first call's hedge is due, but the bulkhead was at its
    // cap meanwhile: a hedge would take the slot of the next call.
    await clock.advance(10);
    expect(pipeline.bulkhead?.running).toBe(1);
    await clock.advance(90);
    expect(await first).toEqual({ value: 'answer of 1' });
    expect(slow.started).toEqual([1]);
    expect(events.some((event) => event.type === 'hedge')).toBe(false);
  });
});
