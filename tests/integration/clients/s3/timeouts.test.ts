import { describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { AbortedError, TimeoutError } from '../../../../src/index.ts';
import { bandwidth, latency, socketsSettle, timeout } from '../../../../src/testkit/index.ts';
import { direct, fastRetry, patternBytes, setup } from '../s3/s3-harness.ts';
import { drain } from './s3-suite.ts';

describe('8. timeouts', () => {
  it('a blackholed S3: each attempt times out, the call ends, the sockets are freed', async () => {
    const { client, proxy, bucket, of } = await setup({
      retry: { ...fastRetry, maxAttempts: 2 },
      timeout: { attemptMs: 300, totalMs: 10_000 },
    });
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, context: { bucket, key: 'k' } });
    expect((error as Error).message).toBe(
      's3.getObject timed out after 2 attempts: attempt exceeded 300 ms',
    );
    expect(of('timeout').map((t) => [t.scope, t.timeoutMs])).toEqual([
      ['attempt', 300],
      ['attempt', 300],
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(5_000);
    // The SDK aborted the real requests: no socket to the proxy is left open.
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });

  it('a slow S3 is cut off by the overall deadline', async () => {
    const { client, proxy, bucket, of } = await setup({
      timeout: { attemptMs: 10_000, totalMs: 500 },
    });
    await proxy.inject(latency({ latencyMs: 2_000 }));
    const started = performance.now();
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'timeout',
      reason: 'deadline of 500 ms exceeded',
    });
    expect(performance.now() - started).toBeLessThan(1_900);
    expect(of('timeout')).toMatchObject([{ scope: 'deadline', timeoutMs: 500 }]);
  });

  it('a download that takes longer than an attempt may is not cut off: the attempt ends with the headers', async () => {
    const { client, proxy, bucket } = await setup({ timeout: { attemptMs: 300, totalMs: 1_000 } });
    const bytes = patternBytes(600_000, 9);
    await direct.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: bytes }));
    await proxy.inject(bandwidth({ kilobytesPerSecond: 400 }));
    const started = performance.now();
    const { body } = await client.getObjectStream({ bucket, key: 'k' });
    expect((await drain(body)).equals(bytes)).toBe(true);
    // 600 KB at 400 KB/s: well past both the attempt timeout and the call's deadline.
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });

  it('a stream whose server falls silent ends with a timeout, and its socket is released', async () => {
    const { client, proxy, bucket } = await setup({ streamIdleTimeoutMs: 400 });
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: patternBytes(2_000_000) }),
    );
    // Slow enough that little of the body is buffered anywhere when the server goes silent.
    await proxy.inject(bandwidth({ kilobytesPerSecond: 200 }));
    const { body } = await client.getObjectStream({ bucket, key: 'k' });
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    const error = await (async () => {
      for (;;) if ((await iterator.next()).done) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      operation: 'getObjectStream',
      reason: 'no data for 400 ms',
      context: { bucket, key: 'k' },
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });

  it('an abandoned stream is destroyed with its socket; the caller can abort one too', async () => {
    const { client, proxy, bucket } = await setup();
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: patternBytes(1_000_000) }),
    );
    await proxy.inject(bandwidth({ kilobytesPerSecond: 200 }));
    const first = await client.getObjectStream({ bucket, key: 'k' });
    await first.body[Symbol.asyncIterator]().next();
    first.body.destroy();
    expect(await socketsSettle(proxy.port, 0)).toBe(0);

    const controller = new AbortController();
    const second = await client.getObjectStream(
      { bucket, key: 'k' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    const error = await drain(second.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });
});
