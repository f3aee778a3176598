import { describe, expect, it } from 'vitest';
import { DrillUsageError } from './drill-usage-error.ts';
import { readDrillFlags } from './read-drill-flags.ts';
import { resolveDrillTargets, targetedClients } from './resolve-drill-targets.ts';
import type { DrillClient } from './drill-results.ts';

const s3Flags = [
  '--s3-endpoint=http://127.0.0.1:9000',
  '--s3-bucket=drill',
  '--s3-access-key=AKIAIOSFODNN7EXAMPLE',
  '--s3-secret-key=wJalrXUtnFEMI/K7MDENG',
];

function resolveWith(clients: readonly DrillClient[], argv: readonly string[], env = {}) {
  return resolveDrillTargets(clients, readDrillFlags(argv), env);
}

function usageMessage(clients: readonly DrillClient[], argv: readonly string[], env = {}) {
  try {
    resolveWith(clients, argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(DrillUsageError);
    const message = (error as DrillUsageError).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected the targets to be refused');
}

describe('targetedClients', () => {
  it('lists the clients given a target, by flag or variable, in the usual order', () => {
    const flags = readDrillFlags(['--http-url=http://h/health', '--s3-bucket=b']);
    expect(targetedClients(flags, { BULWARK_DRILL_POSTGRES_URL: 'postgres://db/x' })).toEqual([
      's3',
      'postgres',
      'http',
    ]);
  });

  it('counts any S3 setting, even the region alone', () => {
    expect(targetedClients(readDrillFlags(['--s3-region=eu-west-1']), {})).toEqual(['s3']);
  });

  it('does not count AWS credentials in the environment, nor empty variables', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      BULWARK_DRILL_REDIS_URL: '',
    };
    expect(targetedClients(readDrillFlags([]), env)).toEqual([]);
  });
});

describe('resolveDrillTargets', () => {
  it('builds the S3 target, with us-east-1 as the default region', () => {
    expect(resolveWith(['s3'], s3Flags)).toEqual({
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        region: 'us-east-1',
        bucket: 'drill',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
      },
    });
  });

  it('prefers a flag to its variable, and a variable to its AWS fallback', () => {
    const env = {
      BULWARK_DRILL_POSTGRES_URL: 'postgres://from-env/db',
      BULWARK_DRILL_S3_ENDPOINT: 'https://s3.example',
      BULWARK_DRILL_S3_BUCKET: 'env-bucket',
      BULWARK_DRILL_S3_REGION: 'eu-west-1',
      BULWARK_DRILL_S3_ACCESS_KEY: 'drill-key',
      AWS_ACCESS_KEY_ID: 'aws-key',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
    };
    const targets = resolveWith(
      ['postgres', 's3'],
      ['--postgres-url=postgres://from-flag/db', '--s3-bucket=flag-bucket'],
      env,
    );
    expect(targets).toEqual({
      postgresUrl: 'postgres://from-flag/db',
      s3: {
        endpoint: 'https://s3.example',
        region: 'eu-west-1',
        bucket: 'flag-bucket',
        accessKeyId: 'drill-key',
        secretAccessKey: 'aws-secret',
      },
    });
  });

  it('accepts each client its own URL schemes', () => {
    expect(
      resolveWith(
        ['postgres', 'redis', 'http'],
        [
          '--postgres-url=postgresql://app:pw@db:5432/main',
          '--redis-url=rediss://:pw@cache:6380/1',
          '--http-url=https://api.example/health',
        ],
      ),
    ).toEqual({
      postgresUrl: 'postgresql://app:pw@db:5432/main',
      redisUrl: 'rediss://:pw@cache:6380/1',
      httpUrl: 'https://api.example/health',
    });
  });

  it('ignores the settings of clients not drilled', () => {
    expect(resolveWith(['redis'], ['--redis-url=redis://cache', '--s3-bucket=x'])).toEqual({
      redisUrl: 'redis://cache',
    });
  });

  it('names every missing S3 setting with its flag and variables', () => {
    expect(usageMessage(['s3'], ['--s3-endpoint=http://minio:9000'])).toBe(
      'S3 needs its endpoint, bucket, access key and secret key together; missing ' +
        '--s3-bucket (or BULWARK_DRILL_S3_BUCKET), ' +
        '--s3-access-key (or BULWARK_DRILL_S3_ACCESS_KEY or AWS_ACCESS_KEY_ID), ' +
        '--s3-secret-key (or BULWARK_DRILL_S3_SECRET_KEY or AWS_SECRET_ACCESS_KEY)',
    );
  });

  it('refuses a URL of the wrong scheme, naming the flag and the schemes allowed', () => {
    expect(usageMessage(['postgres'], ['--postgres-url=mysql://db/main'])).toBe(
      '--postgres-url: "mysql://db/main" must start with postgres:// or postgresql://',
    );
    expect(usageMessage(['redis'], ['--redis-url=http://cache'])).toBe(
      '--redis-url: "http://cache" must start with redis:// or rediss://',
    );
    expect(usageMessage(['http'], ['--http-url=ftp://h/x'])).toBe(
      '--http-url: "ftp://h/x" must start with http:// or https://',
    );
  });

  it('names the variable when the bad URL came from the environment', () => {
    expect(usageMessage(['http'], [], { BULWARK_DRILL_HTTP_URL: 'localhost:8080' })).toBe(
      'BULWARK_DRILL_HTTP_URL: "localhost:8080" must start with http:// or https://',
    );
  });

  it('refuses text that is not a URL, and a URL without a host', () => {
    expect(usageMessage(['http'], ['--http-url=not a url'])).toBe(
      '--http-url: "not a url" is not a URL (expected http:// or https://...)',
    );
    expect(usageMessage(['postgres'], ['--postgres-url=postgres:///main'])).toBe(
      '--postgres-url: "postgres:///main" names no host',
    );
  });

  it('never quotes a password from a bad URL', () => {
    const cases: [DrillClient, string][] = [
      ['postgres', '--postgres-url=mysql://app:s3cr3t@db/main'],
      ['postgres', '--postgres-url=postgres://app:s3/cr3t@db/main'],
      ['postgres', '--postgres-url=postgres://app:s3#cr3t@:5432/main'],
      ['redis', '--redis-url=redis://:s3cr3t@'],
      ['s3', '--s3-endpoint=ftp://key:s3cr3t@minio'],
    ];
    for (const [client, flag] of cases) {
      const message = usageMessage([client], client === 's3' ? [...s3Flags, flag] : [flag]);
      expect(message).not.toMatch(/s3.?cr3t/);
      expect(message).toContain('***');
    }
  });

  it('never quotes the S3 keys', () => {
    const message = usageMessage(['s3'], [...s3Flags, '--s3-bucket=Bad_Bucket']);
    expect(message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(message).not.toContain('wJalrXUtnFEMI');
  });

  it('refuses a bucket name S3 would refuse, and says what is allowed', () => {
    for (const bucket of ['Bad_Bucket', 'ab', 'a'.repeat(64), '-drill', 'dr..ill', '10.0.0.1']) {
      expect(usageMessage(['s3'], [...s3Flags, `--s3-bucket=${bucket}`])).toBe(
        `--s3-bucket: "${bucket}" is not a valid bucket name (3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit)`,
      );
    }
    expect(resolveWith(['s3'], [...s3Flags, '--s3-bucket=my.drill-01']).s3?.bucket).toBe(
      'my.drill-01',
    );
  });

  it('refuses a malformed region', () => {
    expect(usageMessage(['s3'], [...s3Flags, '--s3-region=US East'])).toBe(
      '--s3-region: "US East" is not a region (lowercase letters, digits and "-", like us-east-1)',
    );
  });
});
