// bulwark's S3 client for the conformance suite, against the test kit's S3 server: reads GET a
// small object, writes PUT an object of their own. A repeated PUT of the same object leaves no
// trace, so `timesWritten` can only say whether it landed (S3's doubled writes go unseen).
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, inject } from 'vitest';
import { createS3Client, type BulwarkS3Client as BulwarkS3 } from '../../../src/s3/index.ts';
import type {
  ClientUnderTest,
  ConformanceSubject,
  Endpoint,
} from '../../../src/testkit/conformance/index.ts';
import { uniqueName } from '../../../src/testkit/isolation.ts';

const s3 = inject('bulwarkServices').s3;
const credentials = { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
const direct = new S3Client({
  endpoint: s3.endpoint,
  region: s3.region,
  forcePathStyle: true,
  credentials,
});
const bucket = uniqueName('conformance');

beforeAll(async () => {
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  await direct.send(new PutObjectCommand({ Bucket: bucket, Key: 'read', Body: 'ok' }));
});
afterAll(async () => {
  const listed = await direct.send(new ListObjectsV2Command({ Bucket: bucket }));
  const objects = (listed.Contents ?? []).map(({ Key }) => ({ Key }));
  if (objects.length > 0) {
    await direct.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  }
  await direct.send(new DeleteBucketCommand({ Bucket: bucket }));
  direct.destroy();
});

export const bulwarkS3: ConformanceSubject<ClientUnderTest & { s3: BulwarkS3 }> = {
  name: 'bulwark/s3',
  speaksHttp: true,
  service: `${s3.host}:${s3.port}`,
  build: (endpoint: Endpoint, policies) => {
    const client = createS3Client({
      endpoint: `http://${endpoint.host}:${endpoint.port}`,
      region: s3.region,
      credentials,
      ...policies,
    });
    return {
      s3: client,
      read: () => client.getObject({ bucket, key: 'read' }),
      write: (key) => client.putObject({ bucket, key, body: key }),
      close: () => client.close(),
      events: client.events,
    };
  },
  timesWritten: async (key) => {
    const found = await direct
      .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
      .then(() => 1)
      .catch(() => 0);
    return found;
  },
  failFast: ({ s3: client }) => client.getObject({ bucket, key: 'missing' }),
  secrets: [s3.secretAccessKey],
};
