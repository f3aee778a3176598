// bulwark's S3 client for the conformance suite, against the test kit's S3 server: reads GET a
// small object, writes PUT an object of their own. A repeated PUT of the same object leaves no
// trace, so `timesWritten` can only say whether it landed (S3's doubled writes go unseen).
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, inject } from 'vitest';
import { createS3Client, type BulwarkS3Client as BulwarkS3 } from '../../../src/s3/index.ts';
import type {
  ClientUnderTest,
  ConformanceSubject,
  Endpoint,
} from '../../../src/testkit/conformance/index.ts';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import { credentials, direct, removeBucket } from '../clients/s3/s3-harness.ts';

const s3 = inject('bulwarkServices').s3;
const bucket = uniqueName('conformance');

beforeAll(async () => {
  await direct.send(new CreateBucketCommand({ Bucket: bucket }));
  await direct.send(new PutObjectCommand({ Bucket: bucket, Key: 'read', Body: 'ok' }));
});
afterAll(() => removeBucket(bucket));

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
  spanAttributes: {
    'rpc.system': 'aws-api',
    'rpc.service': 'S3',
    'rpc.method': 'GetObject',
    'aws.s3.bucket': bucket,
    'aws.s3.key': 'read',
  },
};
