import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { s3Spans } from './s3-spans.ts';
import type { LoggerLike, PipelineOptions } from '../index.ts';
import { policyOptionKeys } from '../core/resolve-pipeline.ts';
import { checkInteger, checkKeys, checkName, checkNumber } from '../core/validate.ts';
import { defaultForcePathStyle, s3Defaults } from './s3-defaults.ts';
import { InvalidOptionError } from '../core/error-catalogue.ts';
import { redact } from '../core/redact.ts';

/** Options of {@link createS3Client}: where S3 is, how to sign, and the pipeline's policies. */
export interface S3ClientOptions extends Omit<PipelineOptions, 'service' | 'classify' | 'spans'> {
  /** The region requests are signed for (`us-east-1`; any value MinIO or versitygw accepts). */
  readonly region: string;
  /** `http(s)://host:port` of an S3-compatible server; default: AWS S3 itself. */
  readonly endpoint?: string | undefined;
  /** Static keys or a provider; default: the SDK's provider chain (environment, profile, role). */
  readonly credentials?: S3ClientConfig['credentials'];
  /** Default: true with an `endpoint`, false against AWS (see `defaultForcePathStyle`). */
  readonly forcePathStyle?: boolean | undefined;
  /** The upstream's name in errors, events and logs; default `s3`. */
  readonly service?: string | undefined;
  /** Every pipeline event is logged here as a structured record (a pino logger fits). */
  readonly logger?: LoggerLike | undefined;
  /** Sockets open at once to S3, per client; default 50. */
  readonly maxSockets?: number | undefined;
  /** How long a streamed download may go without a byte while read; default 30 s. */
  readonly streamIdleTimeoutMs?: number | undefined;
}

const optionKeys = [
  'region',
  'endpoint',
  'credentials',
  'forcePathStyle',
  'service',
  'logger',
  'maxSockets',
  'streamIdleTimeoutMs',
  ...policyOptionKeys,
] as const;

/** The options, validated and merged over the defaults, split into what each part needs. */
export interface ResolvedS3Options {
  readonly sdk: S3ClientConfig;
  readonly pipeline: PipelineOptions;
  readonly logger: LoggerLike | undefined;
  readonly streamIdleTimeoutMs: number;
  /** Where the SDK sends requests (undefined: AWS), for presigned URLs to point there too. */
  readonly target: {
    readonly endpoint: string | undefined;
    readonly region: string;
    readonly forcePathStyle: boolean;
  };
}

/** Checks every option before any I/O; a bad one throws a TypeError that names it. */
export function resolveS3Options(options: S3ClientOptions): ResolvedS3Options {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'bulwark: createS3Client needs an options object with at least { region }',
    );
  }
  checkKeys('s3', options, optionKeys);
  const region = checkName('region', options.region);
  const endpoint = options.endpoint === undefined ? undefined : checkEndpoint(options.endpoint);
  const forcePathStyle = options.forcePathStyle ?? defaultForcePathStyle(endpoint);
  if (typeof forcePathStyle !== 'boolean') {
    throw new InvalidOptionError(
      `bulwark: option forcePathStyle must be true or false (got ${String(forcePathStyle)})`,
    );
  }
  const maxSockets = checkInteger('maxSockets', options.maxSockets ?? s3Defaults.maxSockets, 1);
  const streamIdleTimeoutMs = checkNumber(
    'streamIdleTimeoutMs',
    options.streamIdleTimeoutMs ?? s3Defaults.streamIdleTimeoutMs,
    1,
    true,
  );
  const logger = options.logger;
  if (logger !== undefined && (typeof logger !== 'object' || typeof logger.error !== 'function')) {
    throw new InvalidOptionError(
      'bulwark: option logger must have debug/info/warn/error methods (a pino logger fits)',
    );
  }
  const credentials = options.credentials;
  if (credentials !== undefined && typeof credentials !== 'function') checkCredentials(credentials);

  const sdk: S3ClientConfig = {
    region,
    forcePathStyle,
    // bulwark's pipeline is the one retry policy: SDK retries inside each of its attempts
    // would multiply them (3 x 3 = 9 requests) and hide attempts from the breaker.
    maxAttempts: 1,
    // Keep-alive sockets (the SDK's default), bounded; passed as options so that the SDK owns
    // the agents and `destroy()` closes them. Each request is given its attempt's time as a
    // requestTimeout (see S3CallPath): past it the handler ends the request, rather than only
    // writing a console warning, its default.
    requestHandler: {
      httpAgent: { maxSockets },
      httpsAgent: { maxSockets },
      throwOnRequestTimeout: true,
    },
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  };
  // What is left are the pipeline's own options; createPipeline validates them.
  const {
    region: _region,
    endpoint: _endpoint,
    credentials: _credentials,
    forcePathStyle: _forcePathStyle,
    service,
    logger: _logger,
    maxSockets: _maxSockets,
    streamIdleTimeoutMs: _idle,
    ...policies
  } = options;
  const target = { endpoint, region, forcePathStyle };
  const pipeline: PipelineOptions = {
    ...policies,
    service: service ?? s3Defaults.service,
    spans: s3Spans(target),
  };
  return { sdk, pipeline, logger, streamIdleTimeoutMs, target };
}

function checkEndpoint(endpoint: unknown): string {
  const text = checkName('endpoint', endpoint);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOptionError(
      `bulwark: option endpoint must be an http(s) URL (got ${JSON.stringify(redact(text))})`,
    );
  }
  return text;
}

function checkCredentials(credentials: unknown): void {
  const { accessKeyId, secretAccessKey } = (credentials ?? {}) as Record<string, unknown>;
  // Never echo the values: the message must be safe to log.
  if (
    typeof accessKeyId !== 'string' ||
    accessKeyId === '' ||
    typeof secretAccessKey !== 'string' ||
    secretAccessKey === ''
  ) {
    throw new InvalidOptionError(
      'bulwark: option credentials must be { accessKeyId, secretAccessKey } (non-empty strings) or a provider function',
    );
  }
}
