// bulwark/s3 against the real S3 server of the test run (versitygw locally, MinIO under
// Docker), always reached through a fault proxy of the test's own: the ten categories of
// tests/integration/README.md, plus data integrity.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  RateLimitedError,
  TimeoutError,
  UpstreamError,
} from '../../../src/index.ts';
import {
  bandwidth,
  latency,
  requireProcSockets,
  resetPeer,
  socketsSettle,
  socketsTo,
  timeout,
} from '../../../src/testkit/index.ts';
import {
  credentials,
  direct,
  fastRetry,
  openUploads,
  patternBytes,
  services,
  setup,
  setupGated,
  storedBytes,
} from './s3/s3-harness.ts';

afterAll(() => direct.destroy());

// The leak checks below count sockets from /proc; without it they fail here, loudly.
requireProcSockets();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every page of a listing (Array.fromAsync is past this project's ES2023 lib). */
async function allPages<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** Reads a stream to the end. */
async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

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

/** Milliseconds between successive times. */
const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));

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

describe('5. the breaker opens after its threshold', () => {
  it('after 3 failures in a row it opens; then calls fail fast and nothing reaches S3', async () => {
    const { client, gate, proxy, bucket, of } = await setupGated({
      retry: false,
      breaker: { consecutiveFailures: 3, openDurationMs: 60_000 },
    });
    await proxy.down();
    for (let i = 0; i < 3; i++) {
      await expect(client.getObject({ bucket, key: 'k' })).rejects.toMatchObject({
        kind: 'connection',
      });
    }
    expect(of('breaker')).toMatchObject([
      { from: 'closed', to: 'open', reason: '3 consecutive failures' },
    ]);
    expect(client.pipeline.breaker?.state.state).toBe('open');

    const requests = gate.requests.length;
    const attempts = of('attempt').length;
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect(error).toMatchObject({ kind: 'circuit_open', attempts: 0 });
    expect((error as Error).message).toMatch(
      /^s3\.getObject rejected: circuit open \(next probe in \d+ ms\)/,
    );
    // No request left: the gate saw none, the pipeline made no attempt.
    expect(gate.requests).toHaveLength(requests);
    expect(of('attempt')).toHaveLength(attempts);
    expect(of('rejection')).toMatchObject([{ kind: 'circuit_open' }]);
  });

  it('once opened by timeouts, calls are refused at once instead of waiting out a timeout', async () => {
    const { client, proxy, bucket } = await setup({
      retry: false,
      timeout: { attemptMs: 300, totalMs: 5_000 },
      breaker: { consecutiveFailures: 2, openDurationMs: 60_000 },
    });
    // Upstream: requests vanish on the way, so S3 never answers (nor closes) anything.
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    for (let i = 0; i < 2; i++) {
      await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
        kind: 'timeout',
      });
    }
    const started = performance.now();
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('4xx answers never open it', async () => {
    const { client, bucket } = await setup({ breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 4; i++) {
      await expect(client.getObject({ bucket, key: 'nope' })).rejects.toMatchObject({
        kind: 'not_found',
      });
    }
    expect(client.pipeline.breaker?.state.state).toBe('closed');
  });
});

describe('6. the breaker recovers', () => {
  const breaker = { consecutiveFailures: 2, openDurationMs: 400 };

  it('half-opens after the open time; a successful probe closes it', async () => {
    const { client, proxy, bucket, of } = await setup({ retry: false, breaker });
    await client.putObject({ bucket, key: 'k', body: 'back' });
    const down = await proxy.down();
    for (let i = 0; i < 2; i++)
      await expect(client.getObject({ bucket, key: 'k' })).rejects.toThrow();
    expect(client.pipeline.breaker?.state.state).toBe('open');
    await sleep(500);
    expect(client.pipeline.breaker?.state.state).toBe('half_open');
    await down[Symbol.asyncDispose]();
    expect((await client.getObject({ bucket, key: 'k' })).body.toString()).toBe('back');
    expect(client.pipeline.breaker?.state.state).toBe('closed');
    expect(of('breaker').map((e) => `${e.from}->${e.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->closed',
    ]);
  });

  it('a failed probe opens it again; a later good one closes it', async () => {
    const { client, proxy, bucket, of } = await setup({ retry: false, breaker });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    await proxy.down();
    for (let i = 0; i < 2; i++)
      await expect(client.headObject({ bucket, key: 'k' })).rejects.toThrow();
    await sleep(500);
    const attempts = of('attempt').length;
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'connection',
    });
    expect(of('attempt')).toHaveLength(attempts + 1); // the probe went out
    expect(client.pipeline.breaker?.state.state).toBe('open');
    await sleep(500);
    await proxy.up();
    await client.headObject({ bucket, key: 'k' });
    expect(of('breaker').map((e) => `${e.from}->${e.to}`)).toEqual([
      'closed->open',
      'open->half_open',
      'half_open->open',
      'open->half_open',
      'half_open->closed',
    ]);
  });
});

describe('7. rate limiting', () => {
  it('delay mode: calls beyond the rate wait, so requests leave at the rate', async () => {
    const { client, gate, bucket } = await setupGated({
      rateLimit: { ratePerSecond: 10, burst: 1 },
    });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    const before = gate.requests.length;
    await Promise.all(Array.from({ length: 8 }, () => client.headObject({ bucket, key: 'k' })));
    const arrivals = gate.requests.slice(before).map((r) => r.at);
    expect(arrivals).toHaveLength(8);
    // 8 requests at 10/s with a burst of 1: the last leaves at least ~700 ms after the first.
    const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(630);
    // Measured throughput stays within the limit (plus the burst).
    expect(((arrivals.length - 1) / span) * 1_000).toBeLessThanOrEqual(10 * 1.15);
  });

  it('reject mode: calls beyond the burst are refused at once, without a request', async () => {
    const { client, gate, bucket, of } = await setupGated({
      rateLimit: { ratePerSecond: 1, burst: 2, mode: 'reject' },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => client.headObject({ bucket, key: `k${i}` })),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const rateLimited = refused.filter((e) => e instanceof RateLimitedError);
    expect(rateLimited).toHaveLength(3);
    expect(rateLimited[0]).toMatchObject({ attempts: 0, retryAfterMs: expect.any(Number) });
    // The two that got permits reached S3 (and found nothing); the others never left.
    expect(gate.requests).toHaveLength(2);
    expect(of('rejection')).toHaveLength(3);
  });
});

describe('8. timeouts', () => {
  it('a blackholed S3: each attempt times out, the call ends, the sockets are freed', async () => {
    const { client, proxy, bucket, of } = await setup({
      retry: { ...fastRetry, maxAttempts: 2 },
      timeout: { attemptMs: 300, totalMs: 10_000 },
    });
    await proxy.inject(timeout({ timeoutMs: 0, direction: 'upstream' }));
    const started = performance.now();
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, context: { bucket, key: 'k' } });
    expect((error as Error).message).toBe(
      's3.getObject timed out after 2 attempts: attempt exceeded 300 ms',
    );
    expect(of('timeout').map((t) => [t.scope, t.timeoutMs])).toEqual([
      ['attempt', 300],
      ['attempt', 300],
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(600);
    expect(elapsed).toBeLessThan(5_000);
    // The SDK aborted the real requests: no socket to the proxy is left open.
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });

  it('a slow S3 is cut off by the overall deadline', async () => {
    const { client, proxy, bucket, of } = await setup({
      timeout: { attemptMs: 10_000, totalMs: 500 },
    });
    await proxy.inject(latency({ latencyMs: 2_000 }));
    const started = performance.now();
    await expect(client.headObject({ bucket, key: 'k' })).rejects.toMatchObject({
      kind: 'timeout',
      reason: 'deadline of 500 ms exceeded',
    });
    expect(performance.now() - started).toBeLessThan(1_900);
    expect(of('timeout')).toMatchObject([{ scope: 'deadline', timeoutMs: 500 }]);
  });

  it('a download that takes longer than an attempt may is not cut off: the attempt ends with the headers', async () => {
    const { client, proxy, bucket } = await setup({ timeout: { attemptMs: 300, totalMs: 1_000 } });
    const bytes = patternBytes(600_000, 9);
    await direct.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: bytes }));
    await proxy.inject(bandwidth({ kilobytesPerSecond: 400 }));
    const started = performance.now();
    const { body } = await client.getObjectStream({ bucket, key: 'k' });
    expect((await drain(body)).equals(bytes)).toBe(true);
    // 600 KB at 400 KB/s: well past both the attempt timeout and the call's deadline.
    expect(performance.now() - started).toBeGreaterThan(1_000);
  });

  it('a stream whose server falls silent ends with a timeout, and its socket is released', async () => {
    const { client, proxy, bucket } = await setup({ streamIdleTimeoutMs: 400 });
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: patternBytes(2_000_000) }),
    );
    // Slow enough that little of the body is buffered anywhere when the server goes silent.
    await proxy.inject(bandwidth({ kilobytesPerSecond: 200 }));
    const { body } = await client.getObjectStream({ bucket, key: 'k' });
    const iterator = body[Symbol.asyncIterator]();
    await iterator.next();
    await proxy.inject(timeout({ timeoutMs: 0 }));
    const started = performance.now();
    const error = await (async () => {
      for (;;) if ((await iterator.next()).done) return undefined;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({
      operation: 'getObjectStream',
      reason: 'no data for 400 ms',
      context: { bucket, key: 'k' },
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });

  it('an abandoned stream is destroyed with its socket; the caller can abort one too', async () => {
    const { client, proxy, bucket } = await setup();
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: patternBytes(1_000_000) }),
    );
    await proxy.inject(bandwidth({ kilobytesPerSecond: 200 }));
    const first = await client.getObjectStream({ bucket, key: 'k' });
    await first.body[Symbol.asyncIterator]().next();
    first.body.destroy();
    expect(await socketsSettle(proxy.port, 0)).toBe(0);

    const controller = new AbortController();
    const second = await client.getObjectStream(
      { bucket, key: 'k' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    const error = await drain(second.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(await socketsSettle(proxy.port, 0)).toBe(0);
  });
});

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
    const fixture = fileURLToPath(new URL('./s3/exit-after-close.ts', import.meta.url));
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

describe('10. observability', () => {
  function memoryLogger() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { logger, lines, records };
  }

  it('errors are logged with service, operation, bucket, key, attempt and code', async () => {
    const { logger, records } = memoryLogger();
    const { client, bucket } = await setup({ logger });
    await client.getObject({ bucket, key: 'missing/key.txt' }).catch(() => undefined);
    const failed = records().find((r) => r['event'] === 'bulwark.call');
    expect(failed).toMatchObject({
      level: 50,
      service: 's3',
      operation: 'getObject',
      bucket,
      key: 'missing/key.txt',
      outcome: 'failure',
      attempts: 1,
      kind: 'not_found',
      code: 'NoSuchKey',
      giveUpReason: 'not_retriable',
    });
    expect(failed?.['msg']).toMatch(/s3\.getObject/);
    const attempt = records().find((r) => r['event'] === 'bulwark.attempt');
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'failure', status: 404, bucket });
  });

  it('retries are logged, each with its attempt, delay and cause', async () => {
    const { logger, records } = memoryLogger();
    const { client, gate, bucket } = await setupGated({ logger });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    gate.fail({ status: 503, code: 'SlowDown', when: (method) => method === 'GET' });
    await client.getObject({ bucket, key: 'k' });
    expect(records().filter((r) => r['event'] === 'bulwark.retry')).toMatchObject([
      {
        level: 40,
        operation: 'getObject',
        bucket,
        key: 'k',
        attempt: 1,
        delayMs: 50,
        code: 'SlowDown',
      },
    ]);
  });

  it('a broken stream is logged with its context', async () => {
    const { logger, records } = memoryLogger();
    const { client, proxy, bucket } = await setup({ logger, streamIdleTimeoutMs: 300 });
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 's', Body: patternBytes(500_000) }),
    );
    await proxy.inject(bandwidth({ kilobytesPerSecond: 100 }));
    const { body } = await client.getObjectStream({ bucket, key: 's' });
    await proxy.inject(timeout({ timeoutMs: 0 }));
    await drain(body).catch(() => undefined);
    expect(records().find((r) => r['event'] === 'bulwark.stream')).toMatchObject({
      level: 40,
      operation: 'getObjectStream',
      kind: 'timeout',
      bucket,
      key: 's',
    });
  });

  it('secrets never appear: not the secret key, not a signature, not a credential', async () => {
    const { logger, lines } = memoryLogger();
    const secret = `wrong-${credentials.secretAccessKey}`;
    const { client, bucket } = await setup({
      logger,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: secret },
    });
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    const { client: good, bucket: other } = await setup({ logger });
    await good.putObject({ bucket: other, key: 'k', body: 'x' });
    await good.getObject({ bucket: other, key: 'k' });
    expect(lines.length).toBeGreaterThan(4);
    const everything = [...lines, JSON.stringify(error), String(error)].join('\n');
    for (const needle of [credentials.secretAccessKey, 'Signature=', 'Credential=', 'AWS4-HMAC']) {
      expect(everything).not.toContain(needle);
    }
  });
});
