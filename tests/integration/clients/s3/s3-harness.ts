// What every S3 integration test needs: a fault proxy of its own in front of the real S3
// server (and, when asked, the HTTP gate in front of that), a bucket of its own, a bulwark
// client with fast retries, and the client's events. A raw SDK client that bypasses proxy and
// bulwark sets buckets up, cleans them away, and checks what S3 really stored.
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { inject, onTestFinished } from 'vitest';
import { createS3Client, type S3ClientOptions } from '../../../../src/s3/index.ts';
import { recordEvents, uniqueName, type FaultProxy } from '../../../../src/testkit/index.ts';
import { useFaultProxy } from '../../../../src/testkit/vitest/index.ts';
import { startS3FaultGate } from './s3-fault-gate.ts';

export const services = inject('bulwarkServices');
const s3 = services.s3;

/** The server's credentials, as a client option. */
export const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };

/** Straight to the server: no proxy, no bulwark. */
export const direct = new S3Client({
  endpoint: s3.endpoint,
  region: s3.region,
  forcePathStyle: true,
  credentials,
});

/** Retries fast and without jitter, so that tests can check the delays. */
export const fastRetry = {
  maxAttempts: 3,
  backoff: { initialDelayMs: 50, multiplier: 2, jitter: 'none' as const },
  budget: false as const,
};

/** A fresh bucket, emptied and deleted when the test ends. */
export async function newBucket(): Promise<string> {
  const bucket = uniqueName('b');
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  onTestFinished(() => removeBucket(bucket));
  return bucket;
}

/** Empties a bucket (objects and unfinished uploads) and deletes it. */
export async function removeBucket(Bucket: string): Promise<void> {
  const uploads = await direct.send(new ListMultipartUploadsCommand({ Bucket }));
  for (const { Key, UploadId } of uploads.Uploads ?? []) {
    await direct.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
  }
  for (;;) {
    const listed = await direct.send(new ListObjectsV2Command({ Bucket }));
    const Objects = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
    if (Objects.length === 0) break;
    await direct.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects } }));
  }
  await direct.send(new DeleteBucketCommand({ Bucket }));
}

/** The object's bytes as S3 holds them, read around bulwark and the proxy. */
export async function storedBytes(Bucket: string, Key: string): Promise<Buffer> {
  const out = await direct.send(new GetObjectCommand({ Bucket, Key }));
  return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
}

/** Multipart uploads begun in the bucket and neither completed nor aborted. */
export async function openUploads(Bucket: string): Promise<number> {
  const uploads = await direct.send(new ListMultipartUploadsCommand({ Bucket }));
  return uploads.Uploads?.length ?? 0;
}

/** `size` bytes of a fixed pseudo-random pattern: a shifted or dropped chunk shows. */
export function patternBytes(size: number, seed = 7): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** A proxy, a bucket and a client of this test's own, closed and removed when it ends. */
export async function setup(options: Partial<S3ClientOptions> = {}) {
  const proxy = await useFaultProxy(s3.proxyUpstream);
  return withClient(proxy, `http://${proxy.address}`, options);
}

/** As {@link setup}, with the HTTP gate between client and proxy (5xx, request counts). */
export async function setupGated(options: Partial<S3ClientOptions> = {}) {
  const proxy = await useFaultProxy(s3.proxyUpstream);
  const gate = await startS3FaultGate(proxy.address);
  onTestFinished(() => gate.close());
  return { ...(await withClient(proxy, gate.endpoint, options)), gate };
}

async function withClient(proxy: FaultProxy, endpoint: string, options: Partial<S3ClientOptions>) {
  const bucket = await newBucket();
  const client = createS3Client({
    endpoint,
    region: s3.region,
    credentials,
    retry: fastRetry,
    timeout: { attemptMs: 5_000, totalMs: 20_000 },
    ...options,
  });
  onTestFinished(() => client.close());
  const { events, of } = recordEvents(client.events);
  return { proxy, bucket, client, events, of };
}
