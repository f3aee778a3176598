import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { statusShowsTrouble } from '../core/breaker/recovery-check.ts';

/**
 * The S3 recovery check: `HeadBucket` on the bucket of the client's last call, sent by the SDK
 * (signed, to the configured endpoint) outside the pipeline. Any answer but a 5xx or a 429 means
 * the server is back: a 404 or a 403 comes from a server that works.
 */
export async function answersHeadBucket(
  sdk: S3Client,
  bucket: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  if (bucket === undefined) throw new Error('no call named a bucket yet');
  try {
    await sdk.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal });
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata
      ?.httpStatusCode;
    if (status === undefined || statusShowsTrouble(status)) throw error;
  }
}
