import { describe, expect, it } from 'vitest';
import type { Attempt } from './attempt/attempt.ts';
import { call, failing, reset, settle, setup } from './pipeline.test-helpers.ts';

/** An operation answering after `ms` of the fake clock. */
const answersAfter =
  (clock: { setTimeout(fn: () => void, ms: number): unknown }, ms: number) =>
  ({ attempt }: Attempt) =>
    new Promise<string>((resolve) => clock.setTimeout(() => resolve(`answer of ${attempt}`), ms));

describe('closing a pipeline (a client closing)', () => {
  it('lets a call with an attempt on its way finish, and resolves once it has', async () => {
    const { clock, pipeline } = setup();
    const running = settle(pipeline.execute(answersAfter(clock, 100), call));
    let closed = false;
    const closing = pipeline.close().then(() => (closed = true));
    await clock.advance(99);
    expect(closed).toBe(false);
    await clock.advance(1);
    await closing;
    expect(await running).toEqual({ value: 'answer of 1' });
  });

  it('fails a call waiting to retry at once, as the client’s doing: kind client, no breaker count', async () => {
    const { clock, pipeline, events } = setup({ breaker: { consecutiveFailures: 2 } });
    const flaky = failing(reset, reset);
    const retrying = settle(pipeline.execute(flaky.operation, call));
    // The first attempt failed; the call sleeps 100 ms before its retry.
    await clock.advance(1);
    await pipeline.close();
    const { error } = await retrying;
    expect(error).toMatchObject({ kind: 'client', attempts: 1, retriable: false });
    expect(String((error as Error).message)).toContain('closed before the call could be retried');
    expect(flaky.calls).toEqual([1]);
    // One failure of the upstream's, the reset; the closing added none, so the circuit holds.
    expect(pipeline.breaker?.stateName).toBe('closed');
    expect(events.find((event) => event.type === 'call')).toMatchObject({ outcome: 'failure' });
  });

  it('fails a call waiting for the open circuit at once', async () => {
    const { clock, pipeline } = setup({
      breaker: { consecutiveFailures: 1, openDurationMs: 5_000, waitWhileOpenMs: 2_000 },
      retry: false,
    });
    await settle(pipeline.execute(failing(reset).operation, call));
    expect(pipeline.breaker?.stateName).toBe('open');
    const waiting = settle(pipeline.execute(answersAfter(clock, 1), call));
    await clock.advance(10);
    await pipeline.close();
    expect((await waiting).error).toMatchObject({ kind: 'client', attempts: 0 });
  });

  it('resolves at once with no call open, refuses calls made afterwards, and can be called again', async () => {
    const { clock, pipeline } = setup();
    await pipeline.close();
    await pipeline.close();
    const late = await settle(pipeline.execute(answersAfter(clock, 1), call));
    expect(late.error).toMatchObject({ kind: 'client', attempts: 0 });
  });
});
