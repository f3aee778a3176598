import { describe, expect, it } from 'vitest';
import type { Attempt } from './attempt/attempt.ts';
import { answersAfter, expectNoHedge, warmUp } from './pipeline-hedging.test-helpers.ts';
import { call, reset, settle, setup } from './pipeline.test-helpers.ts';

describe('hedging an idempotent call', () => {
  it('sends a second attempt once the first is slower than usual; the first answer wins and the other is aborted', async () => {
    const { clock, pipeline, events } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    events.length = 0;
    const slowFirst = answersAfter(clock, (attempt) => (attempt === 1 ? 500 : 5));
    const result = settle(pipeline.execute(slowFirst.operation, call));
    await clock.advance(19);
    expect(slowFirst.started).toEqual([1]);
    await clock.advance(1);
    expect(slowFirst.started).toEqual([1, 2]);
    await clock.advance(5);
    expect(await result).toEqual({ value: 'answer of 2' });
    expect(slowFirst.aborted).toEqual([1]);
    const hedges = events.filter((event) => event.type === 'hedge');
    expect(hedges.map((event) => [event.outcome, event.attempt])).toEqual([
      ['sent', 2],
      ['won', 2],
    ]);
    const ended = events.find((event) => event.type === 'call');
    expect(ended).toMatchObject({ outcome: 'success', attempts: 2 });
  });

  it('cancels the hedge when the first attempt answers first', async () => {
    const { clock, pipeline, events } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    events.length = 0;
    const run = answersAfter(clock, (attempt) => (attempt === 1 ? 30 : 500));
    const result = settle(pipeline.execute(run.operation, call));
    await clock.advance(30);
    expect(await result).toEqual({ value: 'answer of 1' });
    expect(run.aborted).toEqual([2]);
    const outcomes = events.filter((event) => event.type === 'hedge').map((e) => e.outcome);
    expect(outcomes).toEqual(['sent', 'lost']);
  });

  it('never hedges a call that is not idempotent, nor before the answer time is known', async () => {
    const { clock, pipeline } = setup({ hedge: { floorMs: 20 }, breaker: false });
    const unknown = answersAfter(clock, () => 100);
    const first = settle(pipeline.execute(unknown.operation, call));
    await clock.advance(100);
    await first;
    expect(unknown.started).toEqual([1]);
    await warmUp(pipeline, clock);
    const write = answersAfter(clock, () => 100);
    const written = settle(pipeline.execute(write.operation, { ...call, idempotent: false }));
    await clock.advance(100);
    expect(await written).toEqual({ value: 'answer of 1' });
    expect(write.started).toEqual([1]);
  });

  it('stops hedging when its share of the calls is spent, and hedges again as calls add to it', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20, ratio: 0.1, maxTokens: 2 },
      breaker: false,
    });
    await warmUp(pipeline, clock);
    events.length = 0;
    const slow = answersAfter(clock, (attempt) => (attempt === 1 ? 100 : 5));
    for (let i = 0; i < 5; i++) {
      const pending = settle(pipeline.execute(slow.operation, call));
      await clock.advance(100);
      await pending;
    }
    const sent = () => events.filter((e) => e.type === 'hedge' && e.outcome === 'sent').length;
    // Two saved up, then the five calls added half a hedge: two hedges in all.
    expect(sent()).toBe(2);
    const more = answersAfter(clock, (attempt) => (attempt === 1 ? 100 : 5));
    for (let i = 0; i < 6; i++) {
      const pending = settle(pipeline.execute(more.operation, call));
      await clock.advance(100);
      await pending;
    }
    // 11 calls since the budget was spent have earned 1.1 hedges: one more was sent.
    expect(sent()).toBe(3);
  });

  it('draws on the retry budget too: with it spent, no hedge', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      breaker: false,
      retry: { maxAttempts: 3, budget: { ratio: 0, minRetriesPerSecond: 0, maxTokens: 1 } },
    });
    // The one retry token goes to a retry.
    let failedOnce = false;
    const flaky = async () => {
      if (!failedOnce) {
        failedOnce = true;
        throw reset();
      }
      return 'ok';
    };
    const retried = settle(pipeline.execute(flaky, call));
    await clock.advance(1_000);
    expect(await retried).toEqual({ value: 'ok' });
    await warmUp(pipeline, clock);
    events.length = 0;
    await expectNoHedge(pipeline, clock, events);
  });

  it('does not hedge while the breaker is not closed: a half-open probe goes alone', async () => {
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      retry: false,
      breaker: { consecutiveFailures: 1, openDurationMs: 100 },
    });
    await warmUp(pipeline, clock);
    const failed = settle(pipeline.execute(() => Promise.reject(reset()), call));
    expect((await failed).error).toBeDefined();
    expect(pipeline.breaker?.stateName).toBe('open');
    await clock.advance(100);
    events.length = 0;
    const probe = answersAfter(clock, () => 100);
    const result = settle(pipeline.execute(probe.operation, call));
    await clock.advance(100);
    expect(await result).toEqual({ value: 'answer of 1' });
    expect(probe.started).toEqual([1]);
    expect(events.some((event) => event.type === 'hedge')).toBe(false);
    expect(pipeline.breaker?.stateName).toBe('closed');
  });

  it('waits for the twin when one attempt fails, and fails the call only when both did', async () => {
    const { clock, pipeline, events } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    events.length = 0;
    const operation = ({ attempt, signal }: Attempt) =>
      new Promise<string>((resolve, reject) => {
        // The first fails at 30 ms, after the hedge went out; the hedge answers at 20 + 40.
        const timer = clock.setTimeout(
          () => (attempt === 1 ? reject(reset()) : resolve('hedge answered')),
          attempt === 1 ? 30 : 40,
        );
        signal.addEventListener('abort', () => clock.clearTimeout(timer));
      });
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(60);
    expect(await result).toEqual({ value: 'hedge answered' });
    const attempts = events.filter((event) => event.type === 'attempt');
    expect(attempts.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'failure'],
      [2, 'success'],
    ]);
    expect(events.some((event) => event.type === 'retry')).toBe(false);
  });

  it('sends no hedge while an earlier one and every other call have gone unanswered as long as it waited', async () => {
    const { clock, pipeline, events } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    events.length = 0;
    // Nothing answers for 500 ms, hedges included: a stuck upstream, not a slow tail.
    const stuck = answersAfter(clock, () => 500);
    const calls = [settle(pipeline.execute(stuck.operation, call))];
    // Hedged at 20 ms; the second call's hedge at 30 ms, when the first had waited only 10.
    await clock.advance(10);
    calls.push(settle(pipeline.execute(stuck.operation, call)));
    // The third call's hedge would go at 50 ms: the first has gone unanswered for 30 by then.
    await clock.advance(20);
    calls.push(settle(pipeline.execute(stuck.operation, call)));
    await clock.advance(600);
    await Promise.all(calls);
    expect(events.filter((e) => e.type === 'hedge' && e.outcome === 'sent')).toHaveLength(2);
  });

  it('keeps hedging past a hedge that is slow too while other calls answer: a tail, not a stuck upstream', async () => {
    const { clock, pipeline, events } = setup({ hedge: { floorMs: 20 }, breaker: false });
    await warmUp(pipeline, clock);
    events.length = 0;
    // Both attempts of this call are slow: its hedge stays unanswered for 500 ms.
    const bothSlow = answersAfter(clock, () => 500);
    const stuck = settle(pipeline.execute(bothSlow.operation, call));
    await clock.advance(60);
    // Quick answers meanwhile; then a call whose first attempt is slow gets its hedge.
    const quick = answersAfter(clock, () => 5);
    const answered = settle(pipeline.execute(quick.operation, call));
    await clock.advance(5);
    await answered;
    const slowFirst = answersAfter(clock, (attempt) => (attempt === 1 ? 500 : 5));
    const cut = settle(pipeline.execute(slowFirst.operation, call));
    await clock.advance(25);
    expect(await cut).toEqual({ value: 'answer of 2' });
    await clock.advance(500);
    await stuck;
    expect(events.filter((e) => e.type === 'hedge' && e.outcome === 'sent')).toHaveLength(2);
  });

  it('sends no hedge when the client says it has no connection free for one', async () => {
    let free = true;
    const { clock, pipeline, events } = setup({
      hedge: { floorMs: 20 },
      hedgeRoom: () => free,
      breaker: false,
    });
    await warmUp(pipeline, clock);
    free = false;
    await expectNoHedge(pipeline, clock, events);
  });
});
