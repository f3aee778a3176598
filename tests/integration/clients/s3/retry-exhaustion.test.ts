import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../src/index.ts';
import { patternBytes, setup, setupGated } from '../s3/s3-harness.ts';

describe('3. retry exhaustion', () => {
  it('a refused connection, every time: an UpstreamError after exactly 3 attempts', async () => {
    const { client, proxy, bucket, of } = await setup();
    await proxy.down();
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      kind: 'connection',
      attempts: 3,
      retriable: true,
      upstreamCode: 'ECONNREFUSED',
      context: { bucket, key: 'k' },
    });
    expect((error as Error).message).toBe(
      's3.getObject failed after 3 attempts: connection refused (ECONNREFUSED)',
    );
    expect(of('attempt')).toHaveLength(3);
    expect(of('call')).toMatchObject([{ outcome: 'failure', giveUpReason: 'max_attempts' }]);
    // 50 + 100 ms of backoff; nothing like an endless loop.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a server failing every time: 3 requests reach it, then the error says why', async () => {
    const { client, gate, bucket } = await setupGated();
    gate.fail({ status: 500, code: 'InternalError', times: 100 });
    const error = await client.headObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', attempts: 3, status: 500 });
    expect((error as Error).message).toMatch(/^s3\.headObject failed after 3 attempts: HTTP 500/);
    expect(gate.requests).toHaveLength(3);
  });

  it('a stream body that was read is never sent again, even after a refused connection', async () => {
    const { client, proxy, bucket, of } = await setup();
    await proxy.down();
    const body = Readable.from([patternBytes(10_000)]);
    const put = client.putObject({ bucket, key: 'k', body, contentLength: 10_000 });
    await expect(put).rejects.toMatchObject({ kind: 'connection', attempts: 1 });
    expect(of('call')).toMatchObject([{ giveUpReason: 'not_idempotent' }]);
    expect(body.destroyed).toBe(true);
  });
});
