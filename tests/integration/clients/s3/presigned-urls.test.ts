import { describe, expect, it } from 'vitest';
import { credentials, patternBytes, setup, storedBytes } from '../s3/s3-harness.ts';
import { sleep } from './s3-suite.ts';

describe('presigned URLs, checked by the server itself', () => {
  it('a presigned GET and PUT work with a plain HTTP client; S3 verifies their signatures', async () => {
    const { client, bucket } = await setup();
    const bytes = patternBytes(100_000, 13);
    const put = await client.presignPutObject({ bucket, key: 'up/load me.bin' });
    const uploaded = await fetch(put, { method: 'PUT', body: bytes });
    expect(uploaded.status).toBe(200);
    expect((await storedBytes(bucket, 'up/load me.bin')).equals(bytes)).toBe(true);

    const get = await client.presignGetObject({
      bucket,
      key: 'up/load me.bin',
      expiresInSeconds: 60,
    });
    const downloaded = await fetch(get);
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    expect(new URL(get).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(get).not.toContain(credentials.secretAccessKey);
  });

  it('a tampered or expired URL is refused with 403', async () => {
    const { client, bucket } = await setup();
    await client.putObject({ bucket, key: 'k', body: 'secret stuff' });
    const url = new URL(await client.presignGetObject({ bucket, key: 'k' }));
    url.pathname = url.pathname.replace(/k$/, 'other');
    const tampered = await fetch(url);
    expect(tampered.status).toBe(403);
    await tampered.body?.cancel();

    const short = await client.presignGetObject({ bucket, key: 'k', expiresInSeconds: 1 });
    await sleep(2_100);
    const expired = await fetch(short);
    expect(expired.status).toBe(403);
    await expired.body?.cancel();
  });
});
