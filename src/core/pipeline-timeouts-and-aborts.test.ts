import { describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from './errors.ts';
import { FakeClock } from './fake-clock.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import { createPipeline } from './pipeline.ts';
import {
  call,
  failing,
  hanging,
  listening,
  reset,
  selfSettling,
  settle,
  setup,
} from './pipeline.test-helpers.ts';

describe('Pipeline: timeouts and aborts', () => {
  it.each([
    ['stops when its signal aborts', listening],
    ['settles its own promise when its attempt is aborted', selfSettling],
  ])(
    'aborts a slow attempt at its timeout, retries, and reports a TimeoutError (an operation that %s)',
    async (_, slow) => {
      const { pipeline, clock } = setup({
        timeout: { attemptMs: 50 },
        retry: { maxAttempts: 2, backoff: { jitter: 'none' }, budget: false },
      });
      const { reasons, operation } = slow();
      const result = settle(pipeline.execute(operation, call));
      await clock.advance(50 + 100 + 50);
      const { error } = await result;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({
        attempts: 2,
        message: 'svc.get timed out after 2 attempts: attempt exceeded 50 ms',
      });
      expect(reasons).toHaveLength(2);
      expect(reasons[0]).toMatchObject({ name: 'TimeoutError' });
      expect(clock.pendingTimers).toBe(0);
    },
  );

  it('never lets a call outlive its overall deadline', async () => {
    const { pipeline, clock, events } = setup({ timeout: { attemptMs: 100, totalMs: 250 } });
    const result = settle(pipeline.execute(hanging, call));
    await clock.advance(100 + 100 + 50);
    const { error } = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      attempts: 2,
      message: 'svc.get timed out after 2 attempts: deadline of 250 ms exceeded',
    });
    expect(
      events.filter((e) => e.type === 'timeout').map((e) => e.type === 'timeout' && e.scope),
    ).toEqual(['attempt', 'deadline']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('states the deadline in whole milliseconds, whatever the clock readings', async () => {
    const clock = new FakeClock(0.1);
    const pipeline = createPipeline({
      service: 'svc',
      clock,
      retry: false,
      timeout: { totalMs: 300 },
    });
    const result = settle(pipeline.execute(hanging, { ...call, timeoutMs: 299.99999999999994 }));
    await clock.advance(300);
    expect((await result).error).toMatchObject({
      message: 'svc.get timed out after 1 attempt: deadline of 300 ms exceeded',
    });
  });

  it('reports the deadline as set, whatever the clock readings', async () => {
    // At this reading (start + 500) - start is 499.9999999999991, not 500.
    const clock = new FakeClock(7_899.425810970851);
    const pipeline = createPipeline({ service: 'svc', clock, retry: false });
    const events: PipelineEvent[] = [];
    pipeline.events.on((event) => events.push(event));
    const result = settle(pipeline.execute(hanging, { ...call, timeoutMs: 500 }));
    await clock.advance(500);
    await result;
    expect(events.filter((e) => e.type === 'timeout')).toMatchObject([
      { scope: 'deadline', attempt: 1, timeoutMs: 500 },
    ]);
  });

  it('does not start an attempt the deadline cannot hold', async () => {
    const { pipeline, clock } = setup({ timeout: { totalMs: 150 } });
    const { calls, operation } = failing(reset, reset, reset);
    const result = settle(pipeline.execute(operation, call));
    await clock.advance(100);
    expect(calls).toEqual([1, 2]); // the 200 ms delay before a third would pass the deadline
    expect((await result).error).toMatchObject({ attempts: 2, kind: 'connection' });
  });

  it("reports the caller's abort as an AbortedError, not a timeout, and does not trip the breaker", async () => {
    const { pipeline, clock } = setup({ breaker: { consecutiveFailures: 1 } });
    const controller = new AbortController();
    const result = settle(pipeline.execute(hanging, { ...call, signal: controller.signal }));
    await clock.advance(10);
    controller.abort(new Error('user navigated away'));
    const { error } = await result;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      message: 'svc.get aborted by the caller after 1 attempt: user navigated away',
    });
    expect(pipeline.breaker?.state.state).toBe('closed');
    // The shared timeout timer is let go one event-loop turn after the last call settles.
    await clock.advance(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('wakes from a backoff sleep at once when the caller aborts', async () => {
    const { pipeline, clock } = setup();
    const controller = new AbortController();
    const { calls, operation } = failing(reset, reset);
    const result = settle(pipeline.execute(operation, { ...call, signal: controller.signal }));
    await clock.advance(50);
    controller.abort();
    const { error } = await result;
    expect(error).toBeInstanceOf(AbortedError);
    expect(calls).toEqual([1]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { pipeline } = setup();
    const { calls, operation } = failing();
    const { error } = await settle(
      pipeline.execute(operation, { ...call, signal: AbortSignal.abort() }),
    );
    expect(error).toBeInstanceOf(AbortedError);
    expect(calls).toEqual([]);
  });
});
