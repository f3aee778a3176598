import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BulkheadFullError } from '../../../../src/index.ts';
import { latency, socketsSettle, socketsTo } from '../../../../src/testkit/index.ts';
import { credentials, services, setup } from '../s3/s3-harness.ts';

describe('9. resource cleanup', () => {
  it('many calls reuse a few keep-alive sockets, never more than maxSockets; close() frees them', async () => {
    const { client, proxy, bucket } = await setup({ maxSockets: 4 });
    for (let i = 0; i < 25; i++) {
      await client.putObject({ bucket, key: `k${i % 5}`, body: `v${i}` });
      await client.getObject({ bucket, key: `k${i % 5}` });
    }
    // One after another: one socket, reused.
    expect(socketsTo(proxy.port)).toBe(1);
    await proxy.inject(latency({ latencyMs: 50 }));
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, socketsTo(proxy.port))), 5);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.headObject({ bucket, key: `k${i % 5}` })),
    );
    clearInterval(sampler);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    client.close();
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
    await expect(client.headObject({ bucket, key: 'k0' })).rejects.toMatchObject({
      kind: 'client',
    });
    expect(socketsTo(proxy.port)).toBe(0);
  });

  it('the bulkhead bounds concurrent requests, and refuses what its queue cannot hold', async () => {
    const { client, proxy, bucket } = await setup({ bulkhead: { maxConcurrent: 2, maxQueue: 10 } });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    await proxy.inject(latency({ latencyMs: 200 }));
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, socketsTo(proxy.port));
    }, 5);
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, () => client.headObject({ bucket, key: 'k' })));
    clearInterval(sampler);
    // Six 200 ms requests, two at a time: three rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(540);
    expect(most).toBeLessThanOrEqual(2);

    const { client: tight, bucket: other } = await setup({
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
    });
    const [slow, refused] = await Promise.allSettled([
      tight.headObject({ bucket: other, key: 'k' }),
      tight.headObject({ bucket: other, key: 'k' }),
    ]);
    expect(slow).toMatchObject({ status: 'rejected', reason: { kind: 'not_found' } });
    expect(refused).toMatchObject({ status: 'rejected' });
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(BulkheadFullError);
  });

  it('after close(), nothing of the client keeps the process alive', async () => {
    const { proxy, bucket } = await setup();
    const fixture = fileURLToPath(new URL('./exit-after-close.ts', import.meta.url));
    const settings = {
      endpoint: `http://${proxy.address}`,
      region: services.s3.region,
      bucket,
      ...credentials,
    };
    // The secret goes in the environment, never in argv (visible to every process).
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          [fixture],
          {
            env: { ...process.env, BULWARK_S3_EXIT_TEST: JSON.stringify(settings) },
            timeout: 15_000,
          },
          (error, stdout, stderr) =>
            resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
        );
        child.stdin?.end();
      },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('closed');
    // It returned by itself: killed by the timeout, it would have no exit code 0.
    expect(result.code).toBe(0);
  });
});
