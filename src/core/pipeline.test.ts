import { describe, expect, it } from 'vitest';
import type { Attempt } from './attempt/index.ts';
import { attemptAbortReason, settleOnAttemptAbort } from './attempt/index.ts';
import {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
} from './errors.ts';
import { CircuitBreaker } from './breaker/circuit-breaker.ts';
import { FakeClock } from './fake-clock.ts';
import { createPipeline } from './pipeline.ts';
import type { PipelineOptions } from './pipeline-options.ts';
import type { PipelineEvent } from './pipeline-events.ts';

const reset = (): Error => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const refused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
const badRequest = (): Error => Object.assign(new Error('bad request'), { status: 400 });
const call = { operation: 'get', idempotent: true } as const;

function setup(overrides: Partial<PipelineOptions> = {}) {
  const clock = new FakeClock();
  const pipeline = createPipeline({
    service: 'svc',
    clock,
    random: () => 0.5,
    retry: {
      maxAttempts: 3,
      backoff: { jitter: 'none', initialDelayMs: 100, multiplier: 2 },
      budget: false,
    },
    ...overrides,
  });
  const events: PipelineEvent[] = [];
  pipeline.events.on((event) => events.push(event));
  return { clock, pipeline, events };
}

/** Settles a promise into a value or an error, so a test can advance time before looking. */
function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** An operation that fails with the given errors, in turn, then succeeds. */
function failing(...errors: Array<() => Error>) {
  const calls: number[] = [];
  const operation = async ({ attempt }: Attempt) => {
    calls.push(attempt);
    const next = errors[attempt - 1];
    if (next) throw next();
    return `ok on attempt ${attempt}`;
  };
  return { calls, operation };
}

/** An operation that never answers, but stops when its signal aborts (as real I/O does). */
const hanging = ({ signal }: Attempt) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

/** `hanging`, keeping the reason of each abort its signal hears. */
function listening() {
  const reasons: unknown[] = [];
  const operation = (attempt: Attempt) => {
    attempt.signal.addEventListener('abort', () => reasons.push(attempt.signal.reason));
    return hanging(attempt);
  };
  return { reasons, operation };
}

/**
 * An operation that never answers unless its attempt is aborted, and then rejects its own
 * promise (as a driver that cancels its request does), with an error of its own.
 */
function selfSettling() {
  const reasons: unknown[] = [];
  const operation = (attempt: Attempt) =>
    new Promise<never>((_, reject) => {
      settleOnAttemptAbort(attempt, () => {
        reasons.push(attemptAbortReason(attempt));
        reject(new Error('request cancelled by the driver'));
      });
    });
  return { reasons, operation };
}

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

describe('Pipeline: breaker, rate limiter and bulkhead', () => {
  it('opens the breaker after repeated upstream failures and then makes no call', async () => {
    const { pipeline, clock } = setup({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 1_000 },
    });
    let outbound = 0;
    const broken = async () => {
      outbound++;
      throw reset();
    };
    for (let i = 0; i < 3; i++) await settle(pipeline.execute(broken, call));
    expect(outbound).toBe(3);
    const { error } = await settle(pipeline.execute(broken, call));
    expect(outbound).toBe(3);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({
      attempts: 0,
      message: 'svc.get rejected: circuit open (next probe in 1000 ms)',
    });
    await clock.advance(1_000);
    await expect(pipeline.execute(async () => 'probe', call)).resolves.toBe('probe');
    expect(pipeline.breaker?.state.state).toBe('closed');
  });

  it("never trips the breaker on errors that are the caller's to fix", async () => {
    const { pipeline } = setup({ retry: false, breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 5; i++) await settle(pipeline.execute(failing(badRequest).operation, call));
    expect(pipeline.breaker?.state.state).toBe('closed');
  });

  it('rejects calls beyond the rate in reject mode, before they reach the upstream', async () => {
    const { pipeline } = setup({ rateLimit: { ratePerSecond: 1, burst: 1, mode: 'reject' } });
    const { calls, operation } = failing();
    await pipeline.execute(operation, call);
    const { error } = await settle(pipeline.execute(operation, call));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 1_000 });
    expect(calls).toEqual([1]);
  });

  it('delays calls beyond the rate in delay mode', async () => {
    const { pipeline, clock } = setup({ rateLimit: { ratePerSecond: 10, burst: 1 } });
    const started: number[] = [];
    const op = async () => started.push(clock.now());
    const all = Promise.all([
      pipeline.execute(op, call),
      pipeline.execute(op, call),
      pipeline.execute(op, call),
    ]);
    await clock.advance(200);
    await all;
    expect(started).toEqual([0, 100, 200]);
  });

  it('rejects when the bulkhead and its queue are full', async () => {
    const { pipeline, clock } = setup({ bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const first = settle(
      pipeline.execute(hanging, { ...call, timeoutMs: 100, attemptTimeoutMs: 100 }),
    );
    const { error } = await settle(pipeline.execute(async () => 1, call));
    expect(error).toBeInstanceOf(BulkheadFullError);
    await clock.advance(100);
    await first;
    await expect(pipeline.execute(async () => 1, call)).resolves.toBe(1);
  });
});

describe('Pipeline: a shared breaker', () => {
  it('reports its transitions through every pipeline that uses it, until disposed', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 }, { clock });
    const reads = createPipeline({ service: 'db-reads', clock, breaker, retry: false });
    const writes = createPipeline({ service: 'db-writes', clock, breaker, retry: false });
    const seen: string[] = [];
    reads.events.on((e) => e.type === 'breaker' && seen.push(`${e.service}:${e.to}`));
    writes.events.on((e) => e.type === 'breaker' && seen.push(`${e.service}:${e.to}`));
    await settle(reads.execute(failing(reset).operation, call));
    expect(seen).toEqual(['db-reads:open', 'db-writes:open']);
    expect((await settle(writes.execute(async () => 1, call))).error).toBeInstanceOf(
      CircuitOpenError,
    );
    writes.dispose();
    breaker.reset();
    expect(seen.slice(2)).toEqual(['db-reads:closed']);
  });
});

describe('Pipeline: call context', () => {
  it("carries the caller's facts into every event and into the error", async () => {
    const { pipeline, clock, events } = setup({
      retry: { maxAttempts: 2, backoff: { jitter: 'none' }, budget: false },
    });
    const context = { bucket: 'invoices', key: '2024/42.pdf' };
    const result = settle(pipeline.execute(failing(reset, reset).operation, { ...call, context }));
    await clock.advance(1_000);
    const { error } = await result;
    expect(error).toMatchObject({ context });
    const types = events
      .filter((e) => e.type !== 'breaker')
      .map((e) => [e.type, 'context' in e ? e.context : undefined]);
    expect(types).toEqual([
      ['attempt', context],
      ['retry', context],
      ['attempt', context],
      ['call', context],
    ]);
  });
});

describe('Pipeline: options', () => {
  it('rejects bad options with a TypeError that names them', () => {
    expect(() => createPipeline({} as PipelineOptions)).toThrow(
      /option service must be a non-empty string/,
    );
    expect(() => createPipeline({ service: 's', retry: { maxAttempts: 0 } })).toThrow(
      /retry\.maxAttempts/,
    );
    expect(() => createPipeline({ service: 's', timeout: { attemptMs: -1 } })).toThrow(
      /timeout\.attemptMs/,
    );
    expect(() =>
      createPipeline({ service: 's', rateLimit: { ratePerSecond: 5, mode: 'drop' as never } }),
    ).toThrow(/rateLimit\.mode/);
    expect(() => createPipeline({ service: 's', retires: {} } as never)).toThrow(
      /unknown option pipeline\.retires/,
    );
  });

  it('rejects bad call options before any I/O', async () => {
    const { pipeline } = setup();
    const { calls, operation } = failing();
    await expect(pipeline.execute(operation, { operation: '', idempotent: true })).rejects.toThrow(
      TypeError,
    );
    await expect(pipeline.execute(operation, { operation: 'x' } as never)).rejects.toThrow(
      /idempotent/,
    );
    expect(calls).toEqual([]);
  });
});
