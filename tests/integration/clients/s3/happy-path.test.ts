import { describe, expect, it } from 'vitest';
import { setup, storedBytes } from '../s3/s3-harness.ts';
import { allPages } from './s3-suite.ts';

describe('1. happy path', () => {
  it('puts, reads, heads, lists, copies and deletes, one attempt each, breaker closed', async () => {
    const { client, bucket, of } = await setup();
    const put = await client.putObject({
      bucket,
      key: 'docs/a.txt',
      body: 'hello, S3',
      contentType: 'text/plain',
      metadata: { owner: 'tests' },
    });
    expect(put.etag).toMatch(/^"[0-9a-f]{32}"$/);

    const got = await client.getObject({ bucket, key: 'docs/a.txt' });
    expect(got.body.toString()).toBe('hello, S3');
    expect(got).toMatchObject({
      contentType: 'text/plain',
      contentLength: 9,
      etag: put.etag,
      metadata: { owner: 'tests' },
    });
    expect(got.lastModified).toBeInstanceOf(Date);

    const head = await client.headObject({ bucket, key: 'docs/a.txt' });
    expect(head).toMatchObject({ contentLength: 9, etag: put.etag });

    const copy = await client.copyObject({
      from: { bucket, key: 'docs/a.txt' },
      to: { bucket, key: 'docs/b?#%.txt' },
    });
    expect(copy.etag).toBe(put.etag);
    expect((await storedBytes(bucket, 'docs/b?#%.txt')).toString()).toBe('hello, S3');

    const pages = [];
    for await (const page of client.listObjects({ bucket, prefix: 'docs/' })) pages.push(page);
    expect(pages.flatMap((p) => p.objects.map((o) => [o.key, o.size]))).toEqual([
      ['docs/a.txt', 9],
      ['docs/b?#%.txt', 9],
    ]);

    await client.deleteObject({ bucket, key: 'docs/a.txt' });
    await expect(client.headObject({ bucket, key: 'docs/a.txt' })).rejects.toMatchObject({
      kind: 'not_found',
    });

    const calls = of('call');
    expect(calls.map((c) => c.operation)).toEqual([
      'putObject',
      'getObject',
      'headObject',
      'copyObject',
      'listObjects',
      'deleteObject',
      'headObject',
    ]);
    // One attempt per call, no retries, and the 404 left the breaker alone.
    expect(calls.map((c) => c.attempts)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(of('retry')).toEqual([]);
    expect(of('breaker')).toEqual([]);
    expect(client.pipeline.breaker?.state.state).toBe('closed');
  });

  it('lists page by page, one request per page', async () => {
    const { client, bucket, of } = await setup();
    const keys = Array.from({ length: 7 }, (_, i) => `k${i}`);
    for (const key of keys) await client.putObject({ bucket, key, body: key });
    const pages = [];
    for await (const page of client.listObjects({ bucket, pageSize: 3 })) pages.push(page);
    expect(pages.map((p) => p.objects.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.objects.map((o) => o.key))).toEqual(keys);
    expect(of('call').filter((c) => c.operation === 'listObjects')).toHaveLength(3);
  });

  it('lists "folders" with a delimiter', async () => {
    const { client, bucket } = await setup();
    for (const key of ['a/1', 'a/2', 'b/1', 'top'])
      await client.putObject({ bucket, key, body: 'x' });
    const [page] = await allPages(client.listObjects({ bucket, delimiter: '/' }));
    expect(page?.commonPrefixes).toEqual(['a/', 'b/']);
    expect(page?.objects.map((o) => o.key)).toEqual(['top']);
  });

  it('deletes many objects at once, and ensures buckets idempotently', async () => {
    const { client, bucket } = await setup();
    const keys = ['x/1', 'x/2', 'x/3'];
    for (const key of keys) await client.putObject({ bucket, key, body: key });
    const result = await client.deleteObjects({ bucket, keys: [...keys, 'never-there'] });
    expect([...result.deleted].sort()).toEqual([...keys, 'never-there'].sort());
    expect(result.errors).toEqual([]);
    expect(await allPages(client.listObjects({ bucket }))).toEqual([
      { objects: [], commonPrefixes: [] },
    ]);

    expect(await client.ensureBucket({ bucket })).toEqual({ created: false });
    const fresh = `${bucket}-new`;
    expect(await client.ensureBucket({ bucket: fresh })).toEqual({ created: true });
    expect(await client.ensureBucket({ bucket: fresh })).toEqual({ created: false });
    await client.deleteBucket({ bucket: fresh });
    await expect(client.deleteBucket({ bucket: fresh })).rejects.toMatchObject({
      kind: 'not_found',
      upstreamCode: 'NoSuchBucket',
    });
  });
});
