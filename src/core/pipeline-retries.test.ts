import { describe, expect, it } from 'vitest';
import { UpstreamError } from './errors.ts';
import {
  badRequest,
  call,
  failing,
  refused,
  reset,
  settle,
  setup,
} from './pipeline.test-helpers.ts';

describe('Pipeline: retries', () => {
  it('returns the result of a healthy call after one attempt and no retry', async () => {
    const { pipeline, events, clock } = setup();
    await expect(pipeline.execute(async () => 42, call)).resolves.toBe(42);
    expect(events.map((e) => e.type)).toEqual(['attempt', 'call']);
    expect(pipeline.breaker?.state.state).toBe('closed');
    expect(clock.pendingTimers).toBe(0);
  });

  it('retries transient failures with exponential backoff until one succeeds', async () => {
    const { pipeline, events, clock } = setup();
    const { calls, operation } = failing(reset, reset);
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(99);
    expect(calls).toEqual([1]);
    await clock.advance(1);
    expect(calls).toEqual([1, 2]);
    await clock.advance(200);
    expect(await result).toEqual({ value: 'ok on attempt 3' });
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.delayMs)).toEqual([100, 200]);
    expect(retries[0]).toMatchObject({
      kind: 'connection',
      code: 'ECONNRESET',
      reason: 'connection reset',
    });
  });

  it('gives up after maxAttempts with a meaningful UpstreamError', async () => {
    const { pipeline, clock } = setup();
    const { calls, operation } = failing(reset, reset, reset, reset);
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(1_000);
    const { error } = await result;
    expect(calls).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      message: 'svc.get failed after 3 attempts: connection reset (ECONNRESET)',
      attempts: 3,
      kind: 'connection',
      upstreamCode: 'ECONNRESET',
      elapsedMs: 300,
    });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('fails fast on an error a retry cannot fix', async () => {
    const { pipeline, events } = setup();
    const { calls, operation } = failing(badRequest);
    const { error } = await settle(pipeline.execute(operation, call));
    expect(calls).toEqual([1]);
    expect(error).toMatchObject({
      kind: 'client',
      status: 400,
      attempts: 1,
      message: 'svc.get failed after 1 attempt: HTTP 400',
    });
    expect(events.at(-1)).toMatchObject({
      type: 'call',
      outcome: 'failure',
      giveUpReason: 'not_retriable',
    });
  });

  it('retries a non-idempotent call only when the request never left', async () => {
    const { pipeline, clock } = setup();
    const write = { operation: 'insert', idempotent: false };
    const afterReset = failing(reset);
    expect((await settle(pipeline.execute(afterReset.operation, write))).error).toMatchObject({
      attempts: 1,
    });
    const afterRefused = failing(refused);
    const result = settle(pipeline.execute(afterRefused.operation, write));
    await clock.advance(100);
    expect(await result).toEqual({ value: 'ok on attempt 2' });
  });

  it('honours Retry-After but never beyond maxRetryAfterMs', async () => {
    const classify = () => ({ kind: 'throttled' as const, retriable: true, retryAfterMs: 60_000 });
    const { pipeline, clock, events } = setup({
      classify,
      retry: { maxRetryAfterMs: 2_000, budget: false },
      // A deadline past the server's 60 s: one before it would end the call at once.
      timeout: { attemptMs: 10_000, totalMs: 120_000 },
    });
    const { calls, operation } = failing(() => new Error('slow down'));
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(1_999);
    expect(calls).toEqual([1]);
    await clock.advance(1);
    expect(await result).toEqual({ value: 'ok on attempt 2' });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      delayMs: 2_000,
      kind: 'throttled',
    });
  });

  it('waits out a Retry-After within the deadline, and ends there without a sleep past it', async () => {
    const classify = () => ({ kind: 'throttled' as const, retriable: true, retryAfterMs: 400 });
    const { pipeline, clock, events } = setup({
      classify,
      timeout: { attemptMs: 1_000, totalMs: 1_000 },
    });
    const { calls, operation } = failing(
      () => new Error('slow down'),
      () => new Error('slow down'),
    );
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(399);
    expect(calls).toEqual([1]);
    await clock.advance(1);
    expect(calls).toEqual([1, 2]);
    // The second Retry-After (400 ms) would end at 800 ms, inside the 1 s deadline: waited out.
    await clock.advance(400);
    expect(await result).toEqual({ value: 'ok on attempt 3' });
    expect(events.filter((e) => e.type === 'retry').map((e) => e.delayMs)).toEqual([400, 400]);
  });

  it('ends the call at once, as a deadline give-up, when Retry-After reaches past the deadline', async () => {
    const classify = () => ({ kind: 'throttled' as const, retriable: true, retryAfterMs: 5_000 });
    const { pipeline, clock, events } = setup({
      classify,
      // maxRetryAfterMs would allow a retry after 2 s, inside the deadline: the server's own
      // word (5 s) is what says no attempt can succeed before it.
      retry: { maxRetryAfterMs: 2_000, budget: false },
      timeout: { attemptMs: 1_000, totalMs: 3_000 },
    });
    const { calls, operation } = failing(() => new Error('slow down'));
    const error = await pipeline.execute(operation, call).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'throttled', attempts: 1, retryAfterMs: 5_000 });
    expect(calls).toEqual([1]);
    expect(clock.now()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(events.filter((e) => e.type === 'retry')).toEqual([]);
    expect(events.find((e) => e.type === 'call')).toMatchObject({ giveUpReason: 'deadline' });
  });

  it('stops retrying when the retry budget is spent', async () => {
    const { pipeline, clock, events } = setup({
      retry: {
        backoff: { jitter: 'none' },
        budget: { ratio: 0, minRetriesPerSecond: 0, maxTokens: 1 },
      },
    });
    const first = settle(pipeline.execute(failing(reset, reset, reset).operation, call));
    await clock.advance(1_000);
    expect((await first).error).toMatchObject({ attempts: 2 });
    expect(events.at(-1)).toMatchObject({ type: 'call', giveUpReason: 'budget_exhausted' });
  });
});
