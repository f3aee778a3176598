import { describe, expect, it } from 'vitest';
import { s3Spans } from './s3-spans.ts';

const getObject = {
  operation: 'getObject',
  idempotent: true,
  context: { bucket: 'photos', key: 'a.jpg' },
} as const;

describe('s3Spans', () => {
  it('names spans as the AWS SDK conventions do, with the bucket, key and endpoint', () => {
    const spans = s3Spans({ endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1' });
    expect(spans.name(getObject)).toBe('S3.GetObject');
    expect(spans.attributes(getObject)).toEqual({
      'rpc.system': 'aws-api',
      'rpc.service': 'S3',
      'rpc.method': 'GetObject',
      'cloud.region': 'eu-west-1',
      'aws.s3.bucket': 'photos',
      'aws.s3.key': 'a.jpg',
      'server.address': '127.0.0.1',
      'server.port': 9000,
    });
  });

  it("points at AWS's regional endpoint when none is given", () => {
    const spans = s3Spans({ endpoint: undefined, region: 'us-east-2' });
    expect(spans.attributes(getObject)).toMatchObject({
      'server.address': 's3.us-east-2.amazonaws.com',
      'server.port': 443,
    });
  });
});
