import type { DrillTargets } from './drill-options.ts';
import type { DrillClient } from './drill-results.ts';
import { drillClients } from './drill-results.ts';
import { drillFlags, type DrillFlagName } from './drill-flags.ts';
import type { DrillFlagValues } from './read-drill-flags.ts';
import { DrillUsageError } from './drill-usage-error.ts';
import { maskUrl } from '../mask-url.ts';

/** A setting's value and where it came from, so a message can name the flag or variable. */
interface Setting {
  readonly value: string;
  /** `--postgres-url` or `BULWARK_DRILL_POSTGRES_URL`. */
  readonly from: string;
  /** False when only a fallback (AWS_*) variable supplied it. */
  readonly asksForTarget: boolean;
}

const flagsByName = new Map(drillFlags.map((flag) => [flag.name, flag]));

/** A flag's value, else its variables', else its fallback variables'; unset when all are empty. */
function setting(
  name: DrillFlagName,
  flags: DrillFlagValues,
  env: NodeJS.ProcessEnv,
): Setting | undefined {
  const given = flags.get(name);
  if (typeof given === 'string') return { value: given, from: `--${name}`, asksForTarget: true };
  const flag = flagsByName.get(name);
  for (const variable of flag !== undefined && 'env' in flag ? flag.env : []) {
    const value = env[variable];
    if (value !== undefined && value !== '') return { value, from: variable, asksForTarget: true };
  }
  for (const variable of flag !== undefined && 'fallbackEnv' in flag ? flag.fallbackEnv : []) {
    const value = env[variable];
    if (value !== undefined && value !== '') return { value, from: variable, asksForTarget: false };
  }
  return undefined;
}

const s3Settings = [
  's3-endpoint',
  's3-bucket',
  's3-access-key',
  's3-secret-key',
  's3-region',
] as const;

const targetSettings: Readonly<Record<DrillClient, readonly DrillFlagName[]>> = {
  s3: s3Settings,
  postgres: ['postgres-url'],
  redis: ['redis-url'],
  http: ['http-url'],
};

/**
 * The clients the user gave a target for, in the usual order. Any S3 flag or BULWARK_DRILL_S3_*
 * variable asks for S3; AWS credentials in the environment alone do not.
 */
export function targetedClients(flags: DrillFlagValues, env: NodeJS.ProcessEnv): DrillClient[] {
  return drillClients.filter((client) =>
    targetSettings[client].some((name) => setting(name, flags, env)?.asksForTarget === true),
  );
}

const urlProtocols: Readonly<Record<'postgres' | 'redis' | 'http', readonly string[]>> = {
  postgres: ['postgres:', 'postgresql:'],
  redis: ['redis:', 'rediss:'],
  http: ['http:', 'https:'],
};

function checkUrl({ value, from }: Setting, protocols: readonly string[]): string {
  const allowed = protocols.map((p) => `${p}//`).join(' or ');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DrillUsageError(`${from}: "${maskUrl(value)}" is not a URL (expected ${allowed}...)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new DrillUsageError(`${from}: "${maskUrl(value)}" must start with ${allowed}`);
  }
  if (url.hostname === '') {
    throw new DrillUsageError(`${from}: "${maskUrl(value)}" names no host`);
  }
  return value;
}

// S3's bucket naming rules; MinIO and the other S3-compatible stores follow them too.
const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ipAddress = /^\d+\.\d+\.\d+\.\d+$/;

function checkBucket({ value, from }: Setting): string {
  if (!bucketName.test(value) || value.includes('..') || ipAddress.test(value)) {
    throw new DrillUsageError(
      `${from}: "${value}" is not a valid bucket name (3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit)`,
    );
  }
  return value;
}

function checkRegion({ value, from }: Setting): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(value)) {
    throw new DrillUsageError(
      `${from}: "${value}" is not a region (lowercase letters, digits and "-", like us-east-1)`,
    );
  }
  return value;
}

function describeSetting(name: DrillFlagName): string {
  const flag = flagsByName.get(name);
  const variables = [
    ...(flag !== undefined && 'env' in flag ? flag.env : []),
    ...(flag !== undefined && 'fallbackEnv' in flag ? flag.fallbackEnv : []),
  ];
  return `--${name} (or ${variables.join(' or ')})`;
}

function resolveS3(
  flags: DrillFlagValues,
  env: NodeJS.ProcessEnv,
): NonNullable<DrillTargets['s3']> {
  const endpoint = setting('s3-endpoint', flags, env);
  const bucket = setting('s3-bucket', flags, env);
  const accessKey = setting('s3-access-key', flags, env);
  const secretKey = setting('s3-secret-key', flags, env);
  const region = setting('s3-region', flags, env);
  if (
    endpoint === undefined ||
    bucket === undefined ||
    accessKey === undefined ||
    secretKey === undefined
  ) {
    const missing = (['s3-endpoint', 's3-bucket', 's3-access-key', 's3-secret-key'] as const)
      .filter((name) => setting(name, flags, env) === undefined)
      .map(describeSetting);
    throw new DrillUsageError(
      `S3 needs its endpoint, bucket, access key and secret key together; missing ${missing.join(', ')}`,
    );
  }
  // The keys are not checked beyond being non-empty, and never quoted: the service judges them.
  return {
    endpoint: checkUrl(endpoint, urlProtocols.http),
    region: region === undefined ? 'us-east-1' : checkRegion(region),
    bucket: checkBucket(bucket),
    accessKeyId: accessKey.value,
    secretAccessKey: secretKey.value,
  };
}

/**
 * The targets of `clients`, checked. Settings for clients not drilled are ignored, so a stray
 * variable in the environment does not fail a drill of something else.
 */
export function resolveDrillTargets(
  clients: readonly DrillClient[],
  flags: DrillFlagValues,
  env: NodeJS.ProcessEnv,
): DrillTargets {
  const targets: { -readonly [K in keyof DrillTargets]: DrillTargets[K] } = {};
  for (const client of clients) {
    if (client === 's3') {
      targets.s3 = resolveS3(flags, env);
      continue;
    }
    const url = setting(`${client}-url`, flags, env);
    if (url === undefined) continue;
    const checked = checkUrl(url, urlProtocols[client]);
    if (client === 'postgres') targets.postgresUrl = checked;
    else if (client === 'redis') targets.redisUrl = checked;
    else targets.httpUrl = checked;
  }
  return targets;
}
