import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from '../../../../src/index.ts';
import { timeout } from '../../../../src/testkit/index.ts';
import { setup, setupGated } from '../s3/s3-harness.ts';

describe('5. the breaker opens after its threshold', () => {
  it('after 3 failures in a row it opens; then calls fail fast and nothing reaches S3', async () => {
    const { client, gate, proxy, bucket, of } = await setupGated({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
    });
    await proxy.down();
    for (let i = 0; i < 3; i++) {
      await expect(client.getObject({ bucket, key: 'k' })).rejects.toMatchObject({
        kind: 'connection',
      });
    }
    expect(of('breaker')).toMatchObject([
      { from: 'closed', to: 'open', reason: '3 consecutive failures' },
    ]);
    expect(client.pipeline.breaker?.state.state).toBe('open');

    const requests = gate.requests.length;
    const attempts = of('attempt').length;
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ kind: 'circuit_open', attempts: 0 });
    expect((error as Error).message).toMatch(
      /^s3\.getObject rejected: circuit open \(next probe in \d+ ms\)/,
    );
    // No request left: the gate saw none, the pipeline made no attempt.
    expect(gate.requests).toHaveLength(requests);
    expect(of('attempt')).toHaveLength(attempts);
    expect(of('rejection')).toMatchObject([{ kind: 'circuit_open' }]);
  });

  it('once opened by timeouts, calls are refused at once instead of waiting out a timeout', async () => {
    const { client, proxy, bucket } = await setup({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 5_000 },
      breaker: { consecutiveFailures: 2, openDurationMs: 60_000 },
    });
    // Upstream: requests vanish on the way, so S3 never answers (nor closes) anything.
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    for (let i = 0; i < 2; i++) {
      await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
        kind: 'timeout',
      });
    }
    const started = performance.now();
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('4xx answers never open it', async () => {
    const { client, bucket } = await setup({ breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 4; i++) {
      await expect(client.getObject({ bucket, key: 'nope' })).rejects.toMatchObject({
        kind: 'not_found',
      });
    }
    expect(client.pipeline.breaker?.state.state).toBe('closed');
  });
});
