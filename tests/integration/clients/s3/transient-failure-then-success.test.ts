import { describe, expect, it } from 'vitest';
import { resetPeer } from '../../../../src/testkit/index.ts';
import { fastRetry, patternBytes, setup, setupGated, storedBytes } from '../s3/s3-harness.ts';
import { drain, gaps } from './s3-suite.ts';

describe('2. transient failure, then success', () => {
  it('retries connection resets with exponential backoff until the fault clears', async () => {
    const { client, proxy, bucket, of } = await setup({ retry: { ...fastRetry, maxAttempts: 10 } });
    const bytes = patternBytes(200_000);
    await client.putObject({ bucket, key: 'warm', body: 'x' }); // a keep-alive socket to break
    const fault = await proxy.inject(resetPeer({ timeoutMs: 0 }));
    setTimeout(() => void fault.remove(), 300);
    await client.putObject({ bucket, key: 'k', body: bytes });
    const retries = of('retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((r) => r.kind === 'connection')).toBe(true);
    // Exponential: 50, 100, 200... (no jitter in these tests).
    expect(retries.map((r) => r.delayMs)).toEqual(retries.map((_, i) => 50 * 2 ** i));
    expect((await storedBytes(bucket, 'k')).equals(bytes)).toBe(true);
    expect((await client.getObject({ bucket, key: 'k' })).body.equals(bytes)).toBe(true);
  });

  it('retries 503 SlowDown as throttling, waiting longer each time, then reads the object', async () => {
    const { client, gate, bucket, of } = await setupGated();
    await client.putObject({ bucket, key: 'k', body: 'after the storm' });
    gate.fail({ status: 503, code: 'SlowDown', times: 2, when: (method) => method === 'GET' });
    const got = await client.getObject({ bucket, key: 'k' });
    expect(got.body.toString()).toBe('after the storm');
    expect(of('retry').map((r) => [r.kind, r.code, r.delayMs])).toEqual([
      ['throttled', 'SlowDown', 50],
      ['throttled', 'SlowDown', 100],
    ]);
    const gets = gate.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.outcome)).toEqual([503, 503, 'forwarded']);
    const [first = 0, second = 0] = gaps(gets.map((r) => r.at));
    expect(first).toBeGreaterThanOrEqual(45);
    expect(second).toBeGreaterThanOrEqual(95);
  });

  it('retries 500 InternalError on a put; the bytes stored are the bytes sent', async () => {
    const { client, gate, bucket, of } = await setupGated();
    const bytes = patternBytes(300_000, 3);
    gate.fail({ status: 500, code: 'InternalError', when: (method) => method === 'PUT' });
    await client.putObject({ bucket, key: 'k', body: bytes });
    expect(of('retry')).toMatchObject([{ kind: 'server', code: 'InternalError' }]);
    expect((await storedBytes(bucket, 'k')).equals(bytes)).toBe(true);
  });

  it('a failed part of a multipart upload is retried alone; the object is intact', async () => {
    const { client, gate, bucket, of } = await setupGated();
    const bytes = patternBytes(11 * 1024 * 1024, 11);
    gate.fail({
      status: 500,
      code: 'InternalError',
      when: (_, url) => url.includes('partNumber=2'),
    });
    await client.uploadMultipart({ bucket, key: 'mp', body: bytes, partSize: 5 * 1024 * 1024 });
    expect(of('retry')).toMatchObject([
      { operation: 'uploadPart', kind: 'server', context: { bucket, key: 'mp', part: 2 } },
    ]);
    const parts = of('call').filter((c) => c.operation === 'uploadPart');
    expect(parts.map((c) => [c.context?.['part'], c.attempts]).sort()).toEqual([
      [1, 1],
      [2, 2],
      [3, 1],
    ]);
    expect((await storedBytes(bucket, 'mp')).equals(bytes)).toBe(true);
  });

  it('a stream read survives a throttled first attempt', async () => {
    const { client, gate, bucket } = await setupGated();
    const bytes = patternBytes(2 * 1024 * 1024, 5);
    await client.putObject({ bucket, key: 'k', body: bytes });
    gate.fail({ status: 503, code: 'SlowDown', when: (method) => method === 'GET' });
    const { body } = await client.getObjectStream({ bucket, key: 'k' });
    expect((await drain(body)).equals(bytes)).toBe(true);
  });
});
