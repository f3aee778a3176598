import type { SpanConventions } from '../core/pipeline-options.ts';

/** The server of an endpoint, or AWS's regional one when none is given. */
function serverOf(endpoint: string | undefined, region: string): { host: string; port: number } {
  if (endpoint === undefined) return { host: `s3.${region}.amazonaws.com`, port: 443 };
  const url = new URL(endpoint);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { host: url.hostname, port };
}

const upperFirst = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * Spans of S3 requests by the OpenTelemetry conventions for AWS SDK calls: named `S3.GetObject`,
 * with `rpc.system` `aws-api`, `rpc.service`, `rpc.method`, `cloud.region`, `aws.s3.bucket`,
 * `aws.s3.key` when the call has them, and the server.
 */
export function s3Spans(target: {
  readonly endpoint: string | undefined;
  readonly region: string;
}): SpanConventions {
  const { host, port } = serverOf(target.endpoint, target.region);
  const server = {
    'rpc.system': 'aws-api',
    'rpc.service': 'S3',
    'cloud.region': target.region,
    'server.address': host,
    'server.port': port,
  };
  return {
    name: ({ operation }) => `S3.${upperFirst(operation)}`,
    attributes: ({ operation, context }) => {
      const attributes: Record<string, string | number> = {
        ...server,
        'rpc.method': upperFirst(operation),
      };
      const bucket = context?.['bucket'];
      const key = context?.['key'];
      if (typeof bucket === 'string') attributes['aws.s3.bucket'] = bucket;
      if (typeof key === 'string') attributes['aws.s3.key'] = key;
      return attributes;
    },
  };
}
