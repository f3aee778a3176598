import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import type { BucketLocationConstraint, CreateBucketCommandInput } from '@aws-sdk/client-s3';
import * as check from './s3-arguments.ts';
import type { S3CallPath } from './s3-call-path.ts';
import type * as T from './s3-types.ts';

function bucketOf(operation: string, input: T.BucketRef): string {
  return check.checkBucket(operation, check.checkInput(operation, input).bucket);
}

/**
 * CreateBucket's input. Outside us-east-1, AWS wants the region named in the request body
 * (IllegalLocationConstraintException otherwise); us-east-1 must not be named.
 */
function createInput(path: S3CallPath, bucket: string): CreateBucketCommandInput {
  const region = path.presignTarget.region;
  if (region === 'us-east-1') return { Bucket: bucket };
  // The SDK lists AWS's regions; an S3-compatible server may use a name of its own.
  const LocationConstraint = region as BucketLocationConstraint;
  return { Bucket: bucket, CreateBucketConfiguration: { LocationConstraint } };
}

export async function createBucket(
  path: S3CallPath,
  input: T.BucketRef,
  options: T.S3CallOptions,
): Promise<void> {
  const bucket = bucketOf('createBucket', input);
  // Not idempotent: a repeat after a success we did not hear of fails with "already owned".
  await path.run('createBucket', false, { bucket }, options, (send) =>
    path.sdk.send(new CreateBucketCommand(createInput(path, bucket)), send),
  );
}

export async function ensureBucket(
  path: S3CallPath,
  input: T.BucketRef,
  options: T.S3CallOptions,
): Promise<T.EnsureBucketResult> {
  const bucket = bucketOf('ensureBucket', input);
  // Idempotent by construction: "already yours" is success, so a repeat is harmless.
  return path.run('ensureBucket', true, { bucket }, options, async (send) => {
    try {
      await path.sdk.send(new CreateBucketCommand(createInput(path, bucket)), send);
      return { created: true };
    } catch (error) {
      if ((error as { name?: unknown }).name === 'BucketAlreadyOwnedByYou')
        return { created: false };
      throw error;
    }
  });
}

export async function deleteBucket(
  path: S3CallPath,
  input: T.BucketRef,
  options: T.S3CallOptions,
): Promise<void> {
  const bucket = bucketOf('deleteBucket', input);
  await path.run('deleteBucket', true, { bucket }, options, (send) =>
    path.sdk.send(new DeleteBucketCommand({ Bucket: bucket }), send),
  );
}
