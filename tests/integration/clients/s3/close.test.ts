import { describe, expect, it } from 'vitest';
import { isUpstreamError } from '../../../../src/index.ts';
import { latency, socketsSettle } from '../../../../src/testkit/index.ts';
import { setup } from './s3-harness.ts';

describe('close() with requests in flight', () => {
  it('lets the GETs in flight finish, then frees the sockets; a later call fails as closed, not as the circuit', async () => {
    const { client, proxy, bucket, of } = await setup({ breaker: { consecutiveFailures: 3 } });
    await client.putObject({ bucket, key: 'k', body: 'kept' });
    await proxy.inject(latency({ latencyMs: 300 }));
    const gets = Array.from({ length: 8 }, () =>
      client.getObject({ bucket, key: 'k' }).then(
        (object) => object.body.toString(),
        (error: unknown) => (isUpstreamError(error) ? error.kind : 'unknown'),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.close();
    expect(await Promise.all(gets)).toEqual(Array(8).fill('kept'));
    expect(of('breaker')).toEqual([]);
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
    await expect(client.getObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'client',
      attempts: 0,
    });
  });
});
