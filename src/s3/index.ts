// bulwark/s3: an S3 client (on @aws-sdk/client-s3 and @aws-sdk/lib-storage) whose every request
// runs through the core pipeline. Loads the AWS SDK; the core (`bulwark`) does not.
export { BulwarkS3Client, createS3Client } from './s3-client.ts';
export type { S3ClientOptions } from './s3-options.ts';
export { classifyS3 } from './classify-s3.ts';
export { s3Defaults } from './s3-defaults.ts';
export type {
  BucketRef,
  CopyObjectInput,
  CopyObjectResult,
  DeleteObjectsInput,
  DeleteObjectsResult,
  EnsureBucketResult,
  GetObjectInput,
  ListObjectsInput,
  ListedObject,
  ObjectBody,
  ObjectInfo,
  ObjectPage,
  ObjectRef,
  PresignInput,
  PutObjectInput,
  PutObjectResult,
  S3CallOptions,
  S3Object,
  S3ObjectStream,
  UploadMultipartInput,
  UploadMultipartResult,
} from './s3-types.ts';
