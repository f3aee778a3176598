// A program in miniature for the resource-cleanup test: uses an S3 client in every way that
// opens sockets or timers (puts, concurrent gets through rate limiter and bulkhead, a stream,
// a failure), closes it, and returns.
// If anything of the client kept the event loop alive, this process would never exit.
import { createS3Client } from '../../../../src/s3/index.ts';

interface Settings {
  readonly endpoint: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly bucket: string;
}

const settings = JSON.parse(process.env['BULWARK_S3_EXIT_TEST'] ?? '{}') as Settings;
const { bucket } = settings;
const s3 = createS3Client({
  endpoint: settings.endpoint,
  region: settings.region,
  credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
  timeout: { attemptMs: 5_000, totalMs: 10_000 },
  rateLimit: { ratePerSecond: 1_000 },
  bulkhead: { maxConcurrent: 4, maxQueue: 100 },
});
await s3.putObject({ bucket, key: 'exit/a', body: 'a'.repeat(10_000) });
await Promise.all(Array.from({ length: 8 }, () => s3.getObject({ bucket, key: 'exit/a' })));
const { body } = await s3.getObjectStream({ bucket, key: 'exit/a' });
for await (const _chunk of body) {
  // drained
}
await s3.getObject({ bucket, key: 'exit/none' }).catch(() => undefined);
s3.close();
console.log('closed');
