// The call's deadline over the wire: each request hands the SDK's HTTP handler the attempt's
// time as its requestTimeout (the remaining deadline on a retry), and a Retry-After that S3
// sends is never waited out past the deadline. Observed on the real handler the SDK runs,
// whose every request still goes to the real S3 server.
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { driverTimerGraceMs } from '../../../../src/core/driver-timeout.ts';
import { direct, setupGated, storedBytes } from './s3-harness.ts';

type Handle = (request: HttpRequest, options?: { requestTimeout?: number }) => Promise<unknown>;

/** The requestTimeout of each request sent to `port`, as the SDK's HTTP handler received it. */
function requestTimeouts(port: number): () => Array<number | undefined> {
  // The handler class the SDK really uses: the one of a client the SDK built itself.
  const handler = direct.config.requestHandler as unknown as { handle: Handle };
  const spy = vi.spyOn(Object.getPrototypeOf(handler) as { handle: Handle }, 'handle');
  onTestFinished(() => {
    spy.mockRestore();
  });
  return () =>
    spy.mock.calls
      .filter(([request]) => request.port === port)
      .map(([, options]) => options?.requestTimeout);
}

describe('the deadline over the wire', () => {
  it("hands each request the attempt's time as its requestTimeout, and on a retry the time left", async () => {
    const { client, gate, bucket, of } = await setupGated({
      timeout: { attemptMs: 10_000, totalMs: 3_000 },
    });
    const timeouts = requestTimeouts(gate.port);
    gate.fail({ status: 503, code: 'SlowDown', headers: { 'retry-after': '1' }, times: 1 });
    await client.putObject({ bucket, key: 'k', body: 'v' });
    expect((await storedBytes(bucket, 'k')).toString()).toBe('v');
    expect(of('retry')).toMatchObject([{ delayMs: 1_000, code: 'SlowDown' }]);
    const [first, second, ...more] = timeouts();
    expect(more).toEqual([]);
    // The first attempt has the whole deadline; the handler's timer runs a little past it.
    expect(first).toBe(3_000 + driverTimerGraceMs);
    // The second has what the 1 s Retry-After and the first attempt left.
    expect(second).toBeLessThanOrEqual(2_000 + driverTimerGraceMs);
    expect(second).toBeGreaterThan(2_000 + driverTimerGraceMs - 500);
  });

  it('ends the call at once when S3 asks to wait past the deadline', async () => {
    const { client, gate, bucket, of } = await setupGated({
      timeout: { attemptMs: 10_000, totalMs: 3_000 },
    });
    gate.fail({ status: 503, code: 'SlowDown', headers: { 'retry-after': '5' }, times: 1 });
    const started = performance.now();
    await expect(client.putObject({ bucket, key: 'k', body: 'v' })).rejects.toMatchObject({
      kind: 'throttled',
      attempts: 1,
      retryAfterMs: 5_000,
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(gate.requests).toHaveLength(1);
    expect(of('retry')).toEqual([]);
    expect(of('call')).toMatchObject([{ outcome: 'failure', giveUpReason: 'deadline' }]);
  });
});
