import { describe, expect, it } from 'vitest';
import { credentials, services, setup, setupGated } from '../s3/s3-harness.ts';

describe('4. fail fast: errors no retry can fix', () => {
  it('404: a missing key or bucket fails after one attempt, and the breaker does not care', async () => {
    const { client, bucket, of } = await setup({ breaker: { consecutiveFailures: 2 } });
    const missing = await client.getObject({ bucket, key: 'nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      kind: 'not_found',
      attempts: 1,
      status: 404,
      retriable: false,
    });
    expect((missing as Error).message).toBe(
      's3.getObject failed after 1 attempt: no such key (NoSuchKey)',
    );
    await expect(client.getObject({ bucket: `${bucket}-x`, key: 'k' })).rejects.toMatchObject({
      kind: 'not_found',
      upstreamCode: 'NoSuchBucket',
      attempts: 1,
    });
    await expect(client.headObject({ bucket, key: 'nope' })).rejects.toMatchObject({
      kind: 'not_found',
      attempts: 1,
    });
    expect(of('retry')).toEqual([]);
    expect(client.pipeline.breaker?.state.state).toBe('closed');
  });

  it('403: a wrong secret key fails at once, saying so, without the secret', async () => {
    const secret = 'not-the-secret-at-all';
    const { client, bucket, of } = await setup({
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: secret },
    });
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({
      kind: 'auth',
      status: 403,
      upstreamCode: 'SignatureDoesNotMatch',
      attempts: 1,
      retriable: false,
    });
    expect((error as Error).message).toBe(
      's3.getObject failed after 1 attempt: signature does not match (wrong secret key?) (SignatureDoesNotMatch)',
    );
    expect(JSON.stringify(error)).not.toContain(secret);
    expect(of('retry')).toEqual([]);
  });

  it('an unknown access key is an auth failure too (versitygw answers it with a 404)', async () => {
    const { client, bucket } = await setup({
      credentials: { accessKeyId: 'NOSUCHKEYID', secretAccessKey: credentials.secretAccessKey },
    });
    await expect(client.getObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'auth',
      attempts: 1,
      // MinIO: 403 InvalidAccessKeyId; versitygw: 404 XAdminUserNotFound.
      upstreamCode: expect.stringMatching(/^(InvalidAccessKeyId|XAdminUserNotFound)$/),
    });
    // A HEAD answer has no body, so no code: versitygw's bare 404 reads as "not found" (MinIO
    // says 403). Either way nothing is retried.
    const head = await client.headObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    const expected = services.s3.server === 'versitygw' ? 'not_found' : 'auth';
    expect(head).toMatchObject({ kind: expected, attempts: 1 });
  });

  it("400: an illegal request (copying an object onto itself) is the caller's to fix", async () => {
    const { client, bucket, of } = await setup();
    await client.putObject({ bucket, key: 'k', body: 'x' });
    await expect(
      client.copyObject({ from: { bucket, key: 'k' }, to: { bucket, key: 'k' } }),
    ).rejects.toMatchObject({
      kind: 'client',
      status: 400,
      upstreamCode: 'InvalidRequest',
      attempts: 1,
    });
    await expect(
      client.getObject({ bucket, key: 'k', range: 'bytes=100-200' }),
    ).rejects.toMatchObject({
      kind: 'client',
      status: 416,
      upstreamCode: 'InvalidRange',
      attempts: 1,
    });
    expect(of('retry')).toEqual([]);
  });

  it.each([
    [400, 'InvalidArgument', 'client'],
    [401, 'Unauthorized', 'auth'],
    [403, 'AccessDenied', 'auth'],
  ])('%i %s from the server: one request, no retry', async (status, code, kind) => {
    const { client, gate, bucket } = await setupGated();
    gate.fail({ status, code, times: 10 });
    await expect(client.getObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind,
      status,
      upstreamCode: code,
      attempts: 1,
    });
    expect(gate.requests).toHaveLength(1);
  });
});
