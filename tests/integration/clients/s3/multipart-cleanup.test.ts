import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AbortedError, UpstreamError } from '../../../../src/index.ts';
import { bandwidth } from '../../../../src/testkit/index.ts';
import { openUploads, patternBytes, setup, setupGated } from '../s3/s3-harness.ts';

describe('9. resource cleanup: failed multipart uploads leave no parts behind', () => {
  const partSize = 5 * 1024 * 1024;

  it('a part S3 refuses: the upload is aborted, no parts remain, the error names the part', async () => {
    const { client, gate, bucket, of } = await setupGated();
    gate.fail({
      status: 400,
      code: 'InvalidArgument',
      when: (_, url) => url.includes('partNumber=2'),
    });
    const body = patternBytes(3 * partSize, 2);
    const error = await client
      .uploadMultipart({ bucket, key: 'mp', body, partSize, queueSize: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      operation: 'uploadPart',
      kind: 'client',
      upstreamCode: 'InvalidArgument',
      context: { bucket, key: 'mp', part: 2 },
    });
    expect(of('call').filter((c) => c.operation === 'abortMultipartUpload')).toMatchObject([
      { outcome: 'success' },
    ]);
    // Part 3 was never sent: the first failure stops the rest.
    expect(gate.requests.some((r) => r.url.includes('partNumber=3'))).toBe(false);
    expect(await openUploads(bucket)).toBe(0);
    await expect(client.headObject({ bucket, key: 'mp' })).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('a body stream that breaks mid-way: the upload is aborted and the stream destroyed', async () => {
    const { client, bucket } = await setup();
    const body = new Readable({ read() {} });
    body.push(patternBytes(partSize + 1_000));
    setTimeout(() => body.destroy(new Error('the source disk went away')), 100);
    const error = await client
      .uploadMultipart({ bucket, key: 'mp', body, partSize })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'client',
      operation: 'uploadMultipart',
      reason: 'the upload failed: the source disk went away',
    });
    expect(body.destroyed).toBe(true);
    expect(await openUploads(bucket)).toBe(0);
  });

  it('the caller aborting: parts in flight stop, and the upload is aborted', async () => {
    const { client, proxy, bucket, of } = await setup();
    await proxy.inject(bandwidth({ kilobytesPerSecond: 2_000, direction: 'upstream' }));
    const controller = new AbortController();
    const upload = client.uploadMultipart(
      { bucket, key: 'mp', body: patternBytes(3 * partSize, 4), partSize },
      { signal: controller.signal },
    );
    // Once the upload exists and its first part is on its way.
    client.pipeline.events.on((event) => {
      if (event.type === 'call' && event.operation === 'createMultipartUpload')
        setTimeout(() => controller.abort(), 200);
    });
    await expect(upload).rejects.toBeInstanceOf(AbortedError);
    expect(of('call').some((c) => c.operation === 'abortMultipartUpload')).toBe(true);
    expect(await openUploads(bucket)).toBe(0);
  });
});
