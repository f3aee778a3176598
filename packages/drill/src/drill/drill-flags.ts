/**
 * The flags `bulwark drill` accepts, with the environment variables that stand in for them.
 * One table feeds the parser and the usage test, so a flag cannot be parsed yet undocumented.
 */

export interface DrillFlag {
  readonly name: string;
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** Read when the flag is absent; the first set (non-empty) one wins. */
  readonly env?: readonly string[];
  /**
   * Read last, and only to fill in: their presence alone does not ask for a target, because many
   * shells export AWS credentials for other reasons.
   */
  readonly fallbackEnv?: readonly string[];
  /** Never shown in a message. */
  readonly secret?: boolean;
}

export const drillFlags = [
  { name: 'quick', type: 'boolean' },
  { name: 'report', type: 'string' },
  { name: 'json', type: 'string' },
  { name: 'clients', type: 'string' },
  { name: 'postgres-url', type: 'string', env: ['BULWARK_DRILL_POSTGRES_URL'] },
  { name: 'redis-url', type: 'string', env: ['BULWARK_DRILL_REDIS_URL'] },
  { name: 's3-endpoint', type: 'string', env: ['BULWARK_DRILL_S3_ENDPOINT'] },
  { name: 's3-region', type: 'string', env: ['BULWARK_DRILL_S3_REGION'] },
  { name: 's3-bucket', type: 'string', env: ['BULWARK_DRILL_S3_BUCKET'] },
  {
    name: 's3-access-key',
    type: 'string',
    env: ['BULWARK_DRILL_S3_ACCESS_KEY'],
    fallbackEnv: ['AWS_ACCESS_KEY_ID'],
    secret: true,
  },
  {
    name: 's3-secret-key',
    type: 'string',
    env: ['BULWARK_DRILL_S3_SECRET_KEY'],
    fallbackEnv: ['AWS_SECRET_ACCESS_KEY'],
    secret: true,
  },
  { name: 'http-url', type: 'string', env: ['BULWARK_DRILL_HTTP_URL'] },
  { name: 'plain', type: 'boolean' },
  { name: 'help', type: 'boolean', short: 'h' },
] as const satisfies readonly DrillFlag[];

export type DrillFlagName = (typeof drillFlags)[number]['name'];
