import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { TimeoutScheduler } from '../timeout-scheduler.ts';
import {
  attemptAbortReason,
  attemptAborted,
  attemptTimedOut,
  awaitTurn,
  watchLinkProgress,
} from './attempt-abort.ts';
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
      Infinity,
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
      Infinity,
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

describe("awaitTurn: an attempt waiting behind the client's other calls", () => {
  /**
   * An attempt of 100 ms within a call whose deadline is 500 ms away, its operation hanging,
   * on a link whose server keeps sending (a byte a millisecond) until `link.dies()`.
   */
  function queuedAttempt() {
    const clock = new FakeClock();
    let diedAt: number | undefined;
    const link = { dies: () => void (diedAt = clock.now()) };
    const attempt = startAttempt<never>(
      1,
      100,
      undefined,
      new TimeoutScheduler(clock),
      clock.now(),
      clock.now() + 500,
    );
    const outcome = attempt.run((a) => {
      watchLinkProgress(a, () => diedAt ?? clock.now());
      awaitTurn(a, true);
      return hangs();
    });
    outcome.catch(() => undefined);
    return { clock, attempt, outcome, link };
  }

  it('is not timed out while it waits; its own time starts when its turn comes', async () => {
    for (const turnAtMs of [50, 150]) {
      const { clock, attempt, outcome } = queuedAttempt();
      await clock.advance(turnAtMs);
      expect(attemptAborted(attempt)).toBe(false);
      awaitTurn(attempt, false);
      await clock.advance(99);
      expect(attemptAborted(attempt)).toBe(false);
      await clock.advance(1);
      await expect(outcome).rejects.toBe(timeoutFailure);
      expect(attempt.cutByDeadline).toBe(false);
    }
  });

  it('times out as usual when it never waited', async () => {
    const clock = new FakeClock();
    const scheduler = new TimeoutScheduler(clock);
    const attempt = startAttempt<never>(1, 100, undefined, scheduler, 0, 500);
    const outcome = expect(attempt.run(hangs)).rejects.toBe(timeoutFailure);
    awaitTurn(attempt, false);
    await clock.advance(100);
    await outcome;
  });

  it('never outlives the deadline, waiting or after its late turn', async () => {
    const waiting = queuedAttempt();
    await waiting.clock.advance(499);
    expect(attemptAborted(waiting.attempt)).toBe(false);
    await waiting.clock.advance(1);
    await expect(waiting.outcome).rejects.toBe(timeoutFailure);
    expect(waiting.attempt.cutByDeadline).toBe(true);

    const late = queuedAttempt();
    await late.clock.advance(450);
    awaitTurn(late.attempt, false);
    await late.clock.advance(50);
    await expect(late.outcome).rejects.toBe(timeoutFailure);
    expect(late.attempt.cutByDeadline).toBe(true);
  });

  it('times out as usual where nothing comes back: a dead link is no moving queue', async () => {
    const { clock, attempt, outcome, link } = queuedAttempt();
    link.dies();
    await clock.advance(100);
    await expect(outcome).rejects.toBe(timeoutFailure);
    expect(attempt.cutByDeadline).toBe(false);
  });

  it('waits on only while the server keeps answering', async () => {
    const { clock, attempt, outcome, link } = queuedAttempt();
    await clock.advance(150);
    link.dies();
    expect(attemptAborted(attempt)).toBe(false);
    // At 200 ms the server had sent bytes since the extension began (100 to 150 ms): it waits
    // on; at 300 ms nothing came since 200 ms.
    await clock.advance(50);
    expect(attemptAborted(attempt)).toBe(false);
    await clock.advance(100);
    await expect(outcome).rejects.toBe(timeoutFailure);
    expect(attempt.cutByDeadline).toBe(false);
  });
});
