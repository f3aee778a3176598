import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client, classifyS3 } from 'bulwark/s3';
import type { DrillSide } from '../drill-results.ts';
import { loadPolicies } from './load-policies.ts';
import { drillPolicies, type SideClient, type Workload } from './workload.ts';

/** An S3-compatible endpoint, its keys and the bucket the drill may write to. */
export interface S3Target {
  /** `http(s)://host:port` */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Create the bucket if it is missing (embedded services); the user's must exist. */
  readonly createBucket: boolean;
}

const ignore = () => undefined;
const quietLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A small object, as most workloads write: a few kilobytes. */
const objectBody = Buffer.alloc(4_096, 'bulwark drill ');

/** Sockets per side: the AWS SDK's default, which bulwark's S3 client keeps. */
const connections = 50;

/** PUTs small objects under a prefix of the drill's own and GETs them back. */
export function s3Workload(target: S3Target, runId: string): Workload {
  const url = new URL(target.endpoint);
  const prefix = `bulwark-drill/${runId}/`;
  const keyOf = (side: DrillSide | string, key: string) => `${prefix}${side}/${key}`;
  const credentials = {
    accessKeyId: target.accessKeyId,
    secretAccessKey: target.secretAccessKey,
  };
  const direct = () =>
    new S3Client({
      endpoint: target.endpoint,
      region: target.region,
      credentials,
      forcePathStyle: true,
    });
  const withDirect = async <T>(work: (s3: S3Client) => Promise<T>): Promise<T> => {
    const s3 = direct();
    try {
      return await work(s3);
    } finally {
      s3.destroy();
    }
  };
  /** Every key under `prefix`, page by page. */
  const listKeys = async (s3: S3Client, under: string): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: target.bucket,
          Prefix: under,
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  };

  return {
    client: 's3',
    target: `${url.origin}/${target.bucket}`,
    upstream: url.host,
    speaksHttp: true,
    connections,
    classify: (error) => classifyS3(error).kind,
    writes: true,
    // A PUT applied twice leaves the same object: nothing on the service tells it happened.
    countsRepeats: false,
    prepare: () =>
      withDirect(async (s3) => {
        if (target.createBucket) {
          await s3.send(new CreateBucketCommand({ Bucket: target.bucket })).catch(() => undefined);
        }
        // Not HeadBucket: its answer has no body, so no error code, and some servers (versitygw)
        // answer an unknown access key with the 404 of a missing bucket.
        await s3.send(new ListObjectsV2Command({ Bucket: target.bucket, MaxKeys: 1 }));
      }),
    open(side, address, profile): SideClient {
      const endpoint = `${url.protocol}//${address.host}:${address.port}`;
      const bucket = target.bucket;
      if (side === 'raw') {
        // The SDK as most code creates it: its own standard retries, no request timeout.
        const s3 = new S3Client({
          endpoint,
          region: target.region,
          credentials,
          forcePathStyle: true,
          // Quiet, or its "socket usage at capacity" warnings would break into the display.
          requestHandler: { logger: quietLogger },
        });
        return {
          write: async (key) =>
            void (await s3.send(
              new PutObjectCommand({ Bucket: bucket, Key: keyOf(side, key), Body: objectBody }),
            )),
          read: async (key) => {
            const object = await s3.send(
              new GetObjectCommand({ Bucket: bucket, Key: keyOf(side, key) }),
            );
            await object.Body?.transformToByteArray();
          },
          close: async () => s3.destroy(),
        };
      }
      const load = loadPolicies({ hedge: true, overloadable: false });
      const client = createS3Client({
        endpoint,
        region: target.region,
        credentials,
        forcePathStyle: true,
        ...drillPolicies(profile),
        ...load.options,
      });
      return {
        write: async (key) =>
          void (await client.putObject({ bucket, key: keyOf(side, key), body: objectBody })),
        read: async (key) => void (await client.getObject({ bucket, key: keyOf(side, key) })),
        close: async () => client.close(),
        events: client.events,
        limit: load.limit,
      };
    },
    applied: (side, keys) =>
      withDirect(async (s3) => {
        const present = new Set(await listKeys(s3, `${prefix}${side}/`));
        return new Map(keys.map((key) => [key, present.has(keyOf(side, key)) ? 1 : 0]));
      }),
    cleanup: () =>
      withDirect(async (s3) => {
        const keys = await listKeys(s3, prefix);
        for (let i = 0; i < keys.length; i += 1_000) {
          const objects = keys.slice(i, i + 1_000).map((Key) => ({ Key }));
          await s3.send(
            new DeleteObjectsCommand({
              Bucket: target.bucket,
              Delete: { Objects: objects, Quiet: true },
            }),
          );
        }
      }),
  };
}
