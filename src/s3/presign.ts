import { createHash, createHmac } from 'node:crypto';

/**
 * Presigned URLs, signed here with AWS Signature Version 4 in the query string (no extra
 * package: `@aws-sdk/s3-request-presigner` is not a dependency of bulwark). Only the `host`
 * header is signed and the payload is `UNSIGNED-PAYLOAD`, as the SDK's presigner does, so any
 * HTTP client can use the URL as it is.
 */

/** What a URL is signed with. */
export interface PresignCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface PresignRequest {
  readonly method: 'GET' | 'PUT';
  /** Base URL of the S3 endpoint (`https://s3.amazonaws.com`, `http://127.0.0.1:9000`). */
  readonly endpoint: URL;
  readonly forcePathStyle: boolean;
  readonly region: string;
  readonly bucket: string;
  readonly key: string;
  readonly expiresInSeconds: number;
  /** Signing time (wall clock: S3 compares it with its own). */
  readonly now: Date;
}

/** SigV4 allows at most seven days. */
export const maxPresignSeconds = 604_800;

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();

/**
 * AWS itself, when no endpoint is configured. (Other partitions, such as China's, need their
 * endpoint passed explicitly.)
 */
export function awsEndpoint(region: string): URL {
  return new URL(
    region === 'us-east-1' ? 'https://s3.amazonaws.com' : `https://s3.${region}.amazonaws.com`,
  );
}

/** A URL that lets its holder GET or PUT one object until it expires, with no credentials. */
export function presignUrl(request: PresignRequest, credentials: PresignCredentials): string {
  const { endpoint, bucket, region } = request;
  const keyPath = request.key.split('/').map(encode).join('/');
  const basePath = endpoint.pathname.replace(/\/+$/, '');
  // A dotted bucket name as a host name would break TLS certificate checks: path style then.
  const pathStyle = request.forcePathStyle || bucket.includes('.');
  const host = pathStyle ? endpoint.host : `${bucket}.${endpoint.host}`;
  const path = pathStyle ? `${basePath}/${encode(bucket)}/${keyPath}` : `${basePath}/${keyPath}`;

  const iso = request.now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = iso.slice(0, 8);
  const scope = `${date}/${region}/s3/aws4_request`;
  const query: Array<[string, string]> = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', iso],
    ['X-Amz-Expires', String(request.expiresInSeconds)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  if (credentials.sessionToken) query.push(['X-Amz-Security-Token', credentials.sessionToken]);
  const canonicalQuery = query
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .sort()
    .join('&');
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery,
    `host:${host}\n`,
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', iso, scope, sha256(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, 's3', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return `${endpoint.protocol}//${host}${path}?${canonicalQuery}&X-Amz-Signature=${signature}`;
}
