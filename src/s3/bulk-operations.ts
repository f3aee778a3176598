import { DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ListObjectsV2CommandInput } from '@aws-sdk/client-s3';
import type { CallContext } from '../index.ts';
import * as check from './s3-arguments.ts';
import type { S3CallPath } from './s3-call-path.ts';
import { s3Defaults } from './s3-defaults.ts';
import { objectPage } from './s3-results.ts';
import type * as T from './s3-types.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

// Operations on many objects: each S3 request among them is its own pipeline call, so one
// failed page or batch is retried alone.

export function listObjects(
  path: S3CallPath,
  input: T.ListObjectsInput,
  options: T.S3CallOptions,
): AsyncIterable<T.ObjectPage> {
  const op = 'listObjects';
  const bucket = check.checkBucket(op, check.checkInput(op, input).bucket);
  const max = s3Defaults.pageSize;
  const pageSize = check.checkOptionalInteger(op, 'pageSize', input.pageSize, 1, max) ?? max;
  for (const name of ['prefix', 'delimiter'] as const) {
    const value = input[name];
    if (value !== undefined && typeof value !== 'string')
      throw new InvalidArgumentError(`bulwark: s3 ${op} needs ${name} to be a string`);
  }
  const params: ListObjectsV2CommandInput = {
    Bucket: bucket,
    MaxKeys: pageSize,
    ...(input.prefix === undefined ? {} : { Prefix: input.prefix }),
    ...(input.delimiter === undefined ? {} : { Delimiter: input.delimiter }),
  };
  const context = input.prefix === undefined ? { bucket } : { bucket, prefix: input.prefix };
  // Checked above, at the call; the requests start with the first page asked for.
  return pages(path, params, context, options);
}

async function* pages(
  path: S3CallPath,
  params: ListObjectsV2CommandInput,
  context: CallContext,
  options: T.S3CallOptions,
): AsyncGenerator<T.ObjectPage> {
  let token: string | undefined;
  do {
    const input = token === undefined ? params : { ...params, ContinuationToken: token };
    const out = await path.run('listObjects', true, context, options, (send) =>
      path.sdk.send(new ListObjectsV2Command(input), send),
    );
    yield objectPage(out);
    // A server that hands back the token it was given would otherwise page forever.
    const next = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    token = next === token ? undefined : next;
  } while (token !== undefined);
}

export async function deleteObjects(
  path: S3CallPath,
  input: T.DeleteObjectsInput,
  options: T.S3CallOptions,
): Promise<T.DeleteObjectsResult> {
  const op = 'deleteObjects';
  const bucket = check.checkBucket(op, check.checkInput(op, input).bucket);
  if (!Array.isArray(input.keys)) {
    throw new InvalidArgumentError(`bulwark: s3 ${op} needs keys to be an array of keys`);
  }
  const keys = input.keys.map((key) => check.checkKey(op, key));
  const deleted: string[] = [];
  const errors: Array<{ key: string; code: string; message: string }> = [];
  const size = s3Defaults.deleteBatchSize;
  for (let from = 0; from < keys.length; from += size) {
    const Objects = keys.slice(from, from + size).map((Key) => ({ Key }));
    const context = { bucket, keys: Objects.length };
    // Idempotent: deleting what is gone already succeeds.
    const out = await path.run(op, true, context, options, (send) =>
      path.sdk.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects } }), send),
    );
    for (const d of out.Deleted ?? []) if (d.Key !== undefined) deleted.push(d.Key);
    for (const e of out.Errors ?? [])
      errors.push({ key: e.Key ?? '', code: e.Code ?? '', message: e.Message ?? '' });
  }
  return { deleted, errors };
}
