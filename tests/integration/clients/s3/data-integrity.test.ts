import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { patternBytes, setup, storedBytes } from '../s3/s3-harness.ts';
import { drain } from './s3-suite.ts';

describe('data integrity: what is read back is what was written', () => {
  it('small bodies: bytes, UTF-8 text, empty', async () => {
    const { client, bucket } = await setup();
    const bytes = patternBytes(64 * 1024);
    await client.putObject({ bucket, key: 'bytes', body: bytes });
    await client.putObject({ bucket, key: 'text', body: 'grüße, 世界 🌍' });
    await client.putObject({ bucket, key: 'empty', body: Buffer.alloc(0) });
    expect((await client.getObject({ bucket, key: 'bytes' })).body.equals(bytes)).toBe(true);
    expect((await storedBytes(bucket, 'bytes')).equals(bytes)).toBe(true);
    expect((await client.getObject({ bucket, key: 'text' })).body.toString()).toBe(
      'grüße, 世界 🌍',
    );
    expect((await client.getObject({ bucket, key: 'empty' })).body.length).toBe(0);
    const range = await client.getObject({ bucket, key: 'bytes', range: 'bytes=100-199' });
    expect(range.body.equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('a stream put of known length, read back as a stream', async () => {
    const { client, bucket } = await setup();
    const bytes = patternBytes(3 * 1024 * 1024 + 17);
    const chunks = [bytes.subarray(0, 1_000_000), bytes.subarray(1_000_000)];
    await client.putObject({
      bucket,
      key: 's',
      body: Readable.from(chunks),
      contentLength: bytes.length,
    });
    expect((await storedBytes(bucket, 's')).equals(bytes)).toBe(true);
    const { body, contentLength } = await client.getObjectStream({ bucket, key: 's' });
    expect(contentLength).toBe(bytes.length);
    expect((await drain(body)).equals(bytes)).toBe(true);
  });

  it('multipart uploads of bytes and of a stream of unknown length', async () => {
    const { client, bucket, of } = await setup();
    const bytes = patternBytes(12 * 1024 * 1024 + 5);
    const out = await client.uploadMultipart({
      bucket,
      key: 'mp',
      body: bytes,
      partSize: 5 * 1024 * 1024,
    });
    expect(out.etag).toMatch(/-3"$/);
    expect((await storedBytes(bucket, 'mp')).equals(bytes)).toBe(true);
    expect(of('call').filter((c) => c.operation === 'uploadPart')).toHaveLength(3);

    const pieces = Array.from({ length: 12 }, (_, i) =>
      bytes.subarray(i * 1_000_000, (i + 1) * 1_000_000),
    );
    const streamed = bytes.subarray(0, 12_000_000);
    await client.uploadMultipart({
      bucket,
      key: 'mp-stream',
      body: Readable.from(pieces),
      partSize: 5 * 1024 * 1024,
    });
    expect((await storedBytes(bucket, 'mp-stream')).equals(streamed)).toBe(true);
  });
});
