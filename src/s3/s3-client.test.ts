import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UpstreamError, type PipelineEvent } from '../index.ts';
import { createS3Client, type BulwarkS3Client } from './s3-client.ts';
import type { S3ClientOptions } from './s3-options.ts';

// A local HTTP server that counts the requests it gets and answers each with S3's XML error
// for an internal error: enough to prove what reaches the wire, without a real S3.
let server: Server;
let requests = 0;
let lastBody = '';
let endpoint = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      lastBody = Buffer.concat(chunks).toString();
      response.writeHead(500, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code>' +
          '<Message>We encountered an internal error.</Message></Error>',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';

function client(options: Partial<S3ClientOptions> = {}): {
  s3: BulwarkS3Client;
  events: PipelineEvent[];
} {
  const s3 = createS3Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret },
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 1, maxDelayMs: 2 } },
    ...options,
  });
  const events: PipelineEvent[] = [];
  s3.pipeline.events.on((event) => events.push(event));
  return { s3, events };
}

describe('createS3Client options', () => {
  it.each([
    ['no region', { region: undefined }, /region/],
    ['an endpoint that is not a URL', { endpoint: 'localhost:9000' }, /endpoint/],
    ['an ftp endpoint', { endpoint: 'ftp://host' }, /endpoint/],
    ['a typo', { retries: 3 }, /unknown option s3\.retries/],
    ['zero sockets', { maxSockets: 0 }, /maxSockets/],
    ['a bad pipeline option', { retry: { maxAttempts: 0 } }, /retry\.maxAttempts/],
  ])('rejects %s with a TypeError that names it', (_, bad, message) => {
    const options = { region: 'us-east-1', ...bad } as unknown as S3ClientOptions;
    expect(() => createS3Client(options)).toThrow(TypeError);
    expect(() => createS3Client(options)).toThrow(message);
  });

  it('rejects incomplete credentials without echoing the secret', () => {
    const options = {
      region: 'us-east-1',
      credentials: { accessKeyId: '', secretAccessKey: secret },
    };
    expect(() => createS3Client(options)).toThrow(/credentials/);
    try {
      createS3Client(options);
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });

  it('refuses a bad endpoint without echoing a password in it', () => {
    const options = { region: 'us-east-1', endpoint: `http://user:${secret}@127.0.0.1:notaport` };
    expect(() => createS3Client(options)).toThrow(/option endpoint must be an http\(s\) URL/);
    expect(() => createS3Client(options)).toThrow(/user:\*\*\*@/);
    expect(() => createS3Client(options)).not.toThrow(secret);
  });

  it('names the pipeline after the service (s3 by default)', () => {
    expect(client().s3.pipeline.service).toBe('s3');
    expect(client({ service: 'media-store' }).s3.pipeline.service).toBe('media-store');
  });
});

describe('argument checks, before any I/O', () => {
  const bucket = 'good-bucket';
  const cases: ReadonlyArray<[string, (s3: BulwarkS3Client) => Promise<unknown>]> = [
    ['an uppercase bucket', (s3) => s3.getObject({ bucket: 'Bad_Bucket', key: 'k' })],
    ['a short bucket', (s3) => s3.headObject({ bucket: 'ab', key: 'k' })],
    ['a bucket with a slash', (s3) => s3.deleteObject({ bucket: 'a/b', key: 'k' })],
    ['an empty key', (s3) => s3.getObject({ bucket, key: '' })],
    ['a key over 1024 bytes', (s3) => s3.getObject({ bucket, key: 'é'.repeat(513) })],
    ['a missing input', (s3) => s3.getObject(undefined as never)],
    ['a body of the wrong type', (s3) => s3.putObject({ bucket, key: 'k', body: 42 as never })],
    [
      'a stream without length',
      (s3) => s3.putObject({ bucket, key: 'k', body: Readable.from([]) }),
    ],
    [
      'a length that contradicts the body',
      (s3) => s3.putObject({ bucket, key: 'k', body: 'abc', contentLength: 4 }),
    ],
    [
      'metadata that is not text',
      (s3) => s3.putObject({ bucket, key: 'k', body: 'x', metadata: { n: 1 as never } }),
    ],
    ['a malformed range', (s3) => s3.getObject({ bucket, key: 'k', range: '0-10' })],
    ['keys that are not an array', (s3) => s3.deleteObjects({ bucket, keys: 'k' as never })],
    ['an empty key among many', (s3) => s3.deleteObjects({ bucket, keys: ['a', ''] })],
    [
      'a bad copy source',
      (s3) => s3.copyObject({ from: { bucket: 'X', key: 'k' }, to: { bucket, key: 'k' } }),
    ],
    [
      'a part size under 5 MiB',
      (s3) => s3.uploadMultipart({ bucket, key: 'k', body: 'x', partSize: 1024 }),
    ],
    ['a bad bucket to create', (s3) => s3.ensureBucket({ bucket: '-x-' })],
    [
      'a presigned URL for longer than 7 days',
      (s3) => s3.presignGetObject({ bucket, key: 'k', expiresInSeconds: 604_801 }),
    ],
    ['a presigned URL without a key', (s3) => s3.presignPutObject({ bucket, key: '' })],
  ];

  it.each(cases)('%s is a TypeError, and nothing is sent', async (_, call) => {
    const { s3, events } = client();
    const before = requests;
    await expect(call(s3)).rejects.toThrow(TypeError);
    expect(requests).toBe(before);
    expect(events).toEqual([]);
    s3.close();
  });

  it('listObjects checks its arguments at the call, not at the first page', () => {
    const { s3 } = client();
    expect(() => s3.listObjects({ bucket: 'NO' })).toThrow(TypeError);
    expect(() => s3.listObjects({ bucket, pageSize: 5_000 })).toThrow(/pageSize/);
    s3.close();
  });
});

describe('the one retry policy', () => {
  it("the SDK's own retries are off: three attempts are three requests", async () => {
    const { s3, events } = client();
    const before = requests;
    const error = await s3.getObject({ bucket: 'b-retries', key: 'k' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'server', attempts: 3, upstreamCode: 'InternalError' });
    expect(requests - before).toBe(3);
    expect(events.filter((e) => e.type === 'attempt')).toHaveLength(3);
    // Every event names the bucket and key it was about.
    expect(events.find((e) => e.type === 'call')).toMatchObject({
      context: { bucket: 'b-retries', key: 'k' },
    });
    expect((error as UpstreamError).context).toEqual({ bucket: 'b-retries', key: 'k' });
    s3.close();
  });

  it('a stream body is sent once, never replayed', async () => {
    const { s3, events } = client();
    const warn = vi.spyOn(console, 'warn');
    const before = requests;
    const body = Readable.from([Buffer.from('abc')]);
    const put = s3.putObject({ bucket: 'b-stream', key: 'k', body, contentLength: 3 });
    await expect(put).rejects.toMatchObject({ kind: 'server', attempts: 1 });
    expect(requests - before).toBe(1);
    expect(events.find((e) => e.type === 'call')).toMatchObject({ giveUpReason: 'not_idempotent' });
    expect(body.destroyed).toBe(true);
    // The SDK's retry step, which would warn on the console here, is a pass-through.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    s3.close();
  });
});

describe('a failing body stream', () => {
  it('ends the attempt at once as a client error, instead of waiting for a timeout', async () => {
    const { s3 } = client({ timeout: { attemptMs: 20_000 } });
    const body = new Readable({ read() {} });
    body.push('half of it');
    setTimeout(() => body.destroy(new Error('disk read failed')), 20);
    const started = performance.now();
    const put = s3.putObject({ bucket: 'b-body', key: 'k', body, contentLength: 100 });
    await expect(put).rejects.toMatchObject({
      kind: 'client',
      attempts: 1,
      reason: 'the body stream failed: disk read failed',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    s3.close();
  });
});

describe('createBucket', () => {
  it('names the region outside us-east-1, as AWS requires', async () => {
    const { s3 } = client({ region: 'eu-west-3', retry: false });
    await expect(s3.createBucket({ bucket: 'b-regional' })).rejects.toThrow();
    expect(lastBody).toContain('<LocationConstraint>eu-west-3</LocationConstraint>');
    s3.close();
  });
});

describe('close()', () => {
  it('makes later calls fail as client errors, without a request', async () => {
    const { s3 } = client();
    await s3.close();
    await s3.close(); // idempotent
    const before = requests;
    await expect(s3.headObject({ bucket: 'b-closed', key: 'k' })).rejects.toMatchObject({
      kind: 'client',
      attempts: 0,
      reason: 'the client is closed',
    });
    expect(requests).toBe(before);
  });
});
