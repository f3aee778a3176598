import { describe, expect, it } from 'vitest';
import { settleOnAttemptAbort } from './attempt/index.ts';
import { AbortedError, TimeoutError } from './errors.ts';
import { call, selfSettling, settle, setup } from './pipeline.test-helpers.ts';

describe('Pipeline: operations whose promise settles when their attempt is aborted', () => {
  it("reports the caller's abort as an AbortedError", async () => {
    const { pipeline, clock } = setup();
    const controller = new AbortController();
    const { reasons, operation } = selfSettling();
    const result = settle(pipeline.execute(operation, { ...call, signal: controller.signal }));
    await clock.advance(10);
    const reason = new Error('user navigated away');
    controller.abort(reason);
    const { error } = await result;
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ attempts: 1 });
    expect(reasons).toEqual([reason]);
  });

  it('returns their result, and stops the timer once it arrived', async () => {
    const { pipeline, clock } = setup({ timeout: { attemptMs: 50 } });
    let aborted = false;
    const result = pipeline.execute((attempt) => {
      settleOnAttemptAbort(attempt, () => (aborted = true));
      return new Promise<string>((resolve) => setTimeout(() => resolve('in time'), 0));
    }, call);
    await expect(result).resolves.toBe('in time');
    await clock.advance(50);
    expect(aborted).toBe(false);
  });

  it('still bounds one that says so only after it returned, by racing it', async () => {
    const { pipeline, clock } = setup({ timeout: { attemptMs: 50 }, retry: false });
    const result = settle(
      pipeline.execute(async (attempt) => {
        await Promise.resolve();
        settleOnAttemptAbort(attempt, () => undefined); // and breaks its word: never settles
        return new Promise<never>(() => undefined);
      }, call),
    );
    await clock.advance(50);
    expect((await result).error).toBeInstanceOf(TimeoutError);
  });
});
