import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { TimeoutScheduler } from '../timeout-scheduler.ts';
import { attemptAbortReason, attemptTimedOut } from './attempt-abort.ts';
import { callerAbortFailure, startAttempt, timeoutFailure } from './bounded-attempt.ts';

/** An operation that never settles on its own: only the attempt's bounds end it. */
const hangs = () => new Promise<never>(() => undefined);

describe('attemptTimedOut', () => {
  it('is true when the attempt ended by its own timer', async () => {
    const clock = new FakeClock();
    const attempt = startAttempt<never>(
      1,
      100,
      undefined,
      new TimeoutScheduler(clock),
      clock.now(),
    );
    const outcome = expect(attempt.run(hangs)).rejects.toBe(timeoutFailure);
    expect(attemptTimedOut(attempt)).toBe(false);
    await clock.advance(100);
    await outcome;
    expect(attemptTimedOut(attempt)).toBe(true);
  });

  it("is false when the caller's own AbortSignal.timeout() ended it, TimeoutError and all", async () => {
    const clock = new FakeClock();
    const callerSignal = AbortSignal.timeout(1);
    const attempt = startAttempt<never>(
      1,
      60_000,
      callerSignal,
      new TimeoutScheduler(clock),
      clock.now(),
    );
    await expect(attempt.run(hangs)).rejects.toBe(callerAbortFailure);
    expect((attemptAbortReason(attempt) as Error).name).toBe('TimeoutError');
    expect(attemptTimedOut(attempt)).toBe(false);
  });

  it('is false for an attempt the pipeline did not make', () => {
    const signal = AbortSignal.abort(new DOMException('late', 'TimeoutError'));
    expect(attemptTimedOut({ signal, attempt: 1, timeoutMs: 100 })).toBe(false);
  });
});
