/** The S3 client's own defaults; the pipeline's policies keep the core's (see `createPipeline`). */
export const s3Defaults = {
  /** In every error, event and log record; give two S3 upstreams two names to tell them apart. */
  service: 's3',
  /**
   * The SDK's own figure, written out: enough parallel requests for a busy service, without
   * letting one client take all of a host's ephemeral ports.
   */
  maxSockets: 50,
  /**
   * A streamed download may rightly take minutes, so no deadline applies to it; what must not
   * happen is a server that stops sending while the reader waits. This much silence ends it.
   */
  streamIdleTimeoutMs: 30_000,
  /**
   * Part size of multipart uploads. S3 refuses parts under 5 MiB (but the last); 8 MiB halves
   * the requests of a large upload for `partSize x queueSize` of memory.
   */
  partSize: 8 * 1024 * 1024,
  /** Parts of one multipart upload in flight at once (lib-storage's default). */
  queueSize: 4,
  /** S3 takes at most 1000 keys per DeleteObjects request. */
  deleteBatchSize: 1_000,
  /** ListObjectsV2's largest page. */
  pageSize: 1_000,
  /** How long a presigned URL works: the SDK presigner's default, short enough to leak little. */
  presignExpiresInSeconds: 900,
} as const;

/**
 * Path-style addressing (`endpoint/bucket/key`) when an endpoint is given: MinIO, versitygw
 * and LocalStack rarely have the wildcard DNS that virtual-hosted buckets need. Against AWS
 * itself (no endpoint), the SDK's virtual-hosted default.
 */
export function defaultForcePathStyle(endpoint: string | undefined): boolean {
  return endpoint !== undefined;
}
