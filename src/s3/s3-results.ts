import type { _Object, ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import type { ListedObject, ObjectInfo, ObjectPage } from './s3-types.ts';

/** The fields of GetObject and HeadObject answers that {@link ObjectInfo} keeps. */
interface ObjectHeaders {
  readonly ContentLength?: number | undefined;
  readonly ContentType?: string | undefined;
  readonly ETag?: string | undefined;
  readonly LastModified?: Date | undefined;
  readonly Metadata?: Record<string, string> | undefined;
}

export function objectInfo(out: ObjectHeaders): ObjectInfo {
  return {
    contentLength: out.ContentLength,
    contentType: out.ContentType,
    etag: out.ETag,
    lastModified: out.LastModified,
    metadata: out.Metadata ?? {},
  };
}

function listedObject(object: _Object): ListedObject {
  return {
    key: object.Key ?? '',
    size: object.Size ?? 0,
    etag: object.ETag,
    lastModified: object.LastModified,
  };
}

export function objectPage(out: ListObjectsV2CommandOutput): ObjectPage {
  return {
    objects: (out.Contents ?? []).map(listedObject),
    commonPrefixes: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
  };
}

/**
 * `CopySource` is `bucket/key` URL-encoded, with the key's slashes kept: S3 decodes it, and a
 * raw `?`, `#` or `%` in a key would otherwise address another object.
 */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
