import { describe, expect, it } from 'vitest';
import { BulkheadFullError, CircuitOpenError, RateLimitedError } from './errors.ts';
import {
  badRequest,
  call,
  failing,
  hanging,
  reset,
  settle,
  setup,
} from './pipeline.test-helpers.ts';

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

  it('never trips the breaker on answers that show a working server (contention)', async () => {
    const contention = Object.assign(new Error('could not serialize access'), { code: '40001' });
    const { pipeline } = setup({
      retry: false,
      breaker: { consecutiveFailures: 2 },
      classify: () => ({ kind: 'server', retriable: true, serverHealthy: true }),
    });
    for (let i = 0; i < 5; i++) {
      const { error } = await settle(pipeline.execute(failing(() => contention).operation, call));
      expect(error).toMatchObject({ kind: 'server' });
    }
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

  it("hands the limiter the call, and reports a limiter that throws as the caller's error", async () => {
    const seen: unknown[] = [];
    const limiter = {
      acquire: (_maxWaitMs: number, _signal?: AbortSignal, of?: { operation: string }) => {
        seen.push(of?.operation);
        throw new TypeError('no tenant in the call');
      },
    };
    const { pipeline } = setup({
      retry: false,
      breaker: { consecutiveFailures: 1 },
      rateLimit: { limiter },
    });
    let outbound = 0;
    const { error } = await settle(pipeline.execute(async () => outbound++, call));
    expect(seen).toEqual(['get']);
    expect(outbound).toBe(0);
    expect(error).toMatchObject({
      kind: 'client',
      attempts: 0,
      retriable: false,
      message: expect.stringContaining('the rate limiter failed: no tenant in the call'),
    });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(pipeline.breaker?.state.state).toBe('closed');
  });
});
