import { describe, expect, it } from 'vitest';
import { awsEndpoint, presignUrl } from './presign.ts';

// AWS's own worked example (S3 API reference, "Authenticating Requests: Using Query
// Parameters"): GET examplebucket/test.txt, 2013-05-24, one day.
const example = {
  method: 'GET',
  endpoint: new URL('https://s3.amazonaws.com'),
  forcePathStyle: false,
  region: 'us-east-1',
  bucket: 'examplebucket',
  key: 'test.txt',
  expiresInSeconds: 86_400,
  now: new Date('2013-05-24T00:00:00Z'),
} as const;
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

describe('presignUrl', () => {
  it("reproduces AWS's published example, byte for byte", () => {
    expect(presignUrl(example, credentials)).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt' +
        '?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
        '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    );
  });

  it('path style keeps the endpoint host and port, and encodes the key once per segment', () => {
    const url = new URL(
      presignUrl(
        {
          ...example,
          endpoint: new URL('http://127.0.0.1:9000'),
          forcePathStyle: true,
          key: "a b/ü+(1)!'*.txt",
        },
        credentials,
      ),
    );
    expect(url.host).toBe('127.0.0.1:9000');
    expect(url.pathname).toBe('/examplebucket/a%20b/%C3%BC%2B%281%29%21%27%2A.txt');
  });

  it('a dotted bucket goes path style even against AWS (its name would break TLS)', () => {
    const url = new URL(presignUrl({ ...example, bucket: 'my.bucket' }, credentials));
    expect(url.host).toBe('s3.amazonaws.com');
    expect(url.pathname).toBe('/my.bucket/test.txt');
  });

  it('signs a session token into the URL', () => {
    const url = new URL(presignUrl(example, { ...credentials, sessionToken: 'tok/en+' }));
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('tok/en+');
  });

  it('knows the AWS endpoints', () => {
    expect(awsEndpoint('us-east-1').host).toBe('s3.amazonaws.com');
    expect(awsEndpoint('eu-west-3').host).toBe('s3.eu-west-3.amazonaws.com');
  });
});
