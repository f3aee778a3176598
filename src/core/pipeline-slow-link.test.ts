import { describe, expect, it } from 'vitest';
import { awaitConnection, watchLinkProgress } from './attempt/index.ts';
import type { Attempt } from './attempt/index.ts';
import { TimeoutError } from './errors.ts';
import { settle, setup } from './pipeline.test-helpers.ts';

/**
 * An operation that hangs: waiting for its connection or not, on a link that brings bytes
 * meanwhile or not.
 */
function hangs(waiting: boolean, progressed: boolean) {
  let attempts = 0;
  // The server's byte count: it grows between two readings only on a link that brings bytes.
  let bytes = 0;
  const operation = (attempt: Attempt) => {
    attempts++;
    awaitConnection(attempt, waiting);
    watchLinkProgress(attempt, () => (progressed ? ++bytes : bytes));
    return new Promise<never>((_, reject) => {
      attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason));
    });
  };
  return { operation, attempts: () => attempts };
}

describe('Pipeline: an attempt that times out on a slow link, or waiting for its connection', () => {
  it('is not counted by the breaker on a link that brings bytes, and retried even for a write', async () => {
    const { pipeline, clock, events } = setup({
      timeout: { attemptMs: 100, totalMs: 10_000 },
      breaker: { consecutiveFailures: 2 },
    });
    const write = { operation: 'put', idempotent: false } as const;
    const { operation, attempts } = hangs(true, true);
    const result = settle(pipeline.execute(operation, write));
    await clock.advance(2_000);
    expect((await result).error).toBeInstanceOf(TimeoutError);
    expect(attempts()).toBe(3);
    expect(pipeline.breaker?.state.state).toBe('closed');
    expect(events.filter((e) => e.type === 'timeout')).toHaveLength(3);
  });

  it('counts as a failure on a link that brought nothing: a dead one, not a slow one', async () => {
    const { pipeline, clock } = setup({
      timeout: { attemptMs: 100, totalMs: 10_000 },
      breaker: { consecutiveFailures: 2 },
    });
    const write = { operation: 'put', idempotent: false } as const;
    const { operation, attempts } = hangs(true, false);
    const result = settle(pipeline.execute(operation, write));
    await clock.advance(2_000);
    expect((await result).error).toBeDefined();
    // Nothing was sent, so the write was retried; two failures in a row opened the breaker.
    expect(attempts()).toBe(2);
    expect(pipeline.breaker?.state.state).toBe('open');
  });

  it('is not counted by the breaker on a slow link, request sent or not', async () => {
    const { pipeline, clock } = setup({
      timeout: { attemptMs: 100, totalMs: 10_000 },
      breaker: { consecutiveFailures: 2 },
    });
    const { operation, attempts } = hangs(false, true);
    const result = settle(pipeline.execute(operation, { operation: 'get', idempotent: true }));
    await clock.advance(2_000);
    expect((await result).error).toBeInstanceOf(TimeoutError);
    expect(attempts()).toBe(3);
    expect(pipeline.breaker?.state.state).toBe('closed');
  });

  it('counts as a failure when the request had gone out on a dead link', async () => {
    const { pipeline, clock } = setup({
      timeout: { attemptMs: 100, totalMs: 10_000 },
      breaker: { consecutiveFailures: 2 },
    });
    const { operation, attempts } = hangs(false, false);
    const result = settle(pipeline.execute(operation, { operation: 'get', idempotent: true }));
    await clock.advance(2_000);
    expect((await result).error).toBeDefined();
    expect(attempts()).toBe(2);
    expect(pipeline.breaker?.state.state).toBe('open');
  });

  it('judges a timeout the driver or server reports as its own: slow, not gone, while bytes come', async () => {
    const { pipeline } = setup({
      retry: false,
      breaker: { consecutiveFailures: 2 },
      // The driver's timeout error (a server's statement timeout, say) classified as a timeout.
      classify: () => ({ kind: 'timeout', retriable: true, reason: 'statement timeout' }),
    });
    let bytes = 0;
    const reported = (progressed: boolean) => async (attempt: Attempt) => {
      watchLinkProgress(attempt, () => (progressed ? ++bytes : bytes));
      throw new Error('canceling statement due to statement timeout');
    };
    const get = { operation: 'get', idempotent: true } as const;
    for (let i = 0; i < 3; i++) await settle(pipeline.execute(reported(true), get));
    expect(pipeline.breaker?.state.state).toBe('closed');
    for (let i = 0; i < 2; i++) await settle(pipeline.execute(reported(false), get));
    expect(pipeline.breaker?.state.state).toBe('open');
  });
});
