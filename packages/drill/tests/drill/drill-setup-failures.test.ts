// `bulwark drill` pointed at the user's own services with something wrong: one line on stderr
// that names the cause and the flag or variable that fixes it, the setup exit code, and no
// secret anywhere in the output. The services are the test run's own, reached wrongly.
import { describe, expect, inject, it } from 'vitest';
import { workerDatabase, workerRedisDatabase } from 'bulwark/testkit';
// The type also loads the test kit's typing of `inject('bulwarkServices')`.
import type { ProvidedServices } from 'bulwark/testkit/vitest';
import { drillExitCodes } from '../../src/drill/drill-exit-codes.ts';
import { closedPort } from './closed-port.ts';
import { runBulwark } from './run-bulwark.ts';

const services: ProvidedServices = inject('bulwarkServices');
const secret = encodeURIComponent;

/**
 * Runs the drill with `env` and expects it to refuse with `message`, holding none of `secrets`
 * (the wrong ones given, and the services' real ones).
 */
async function expectRefusal(
  env: Record<string, string>,
  message: string,
  secrets: readonly string[],
): Promise<void> {
  const run = await runBulwark(['drill', '--quick', '--plain'], env);
  expect(run.stderr).toBe(`bulwark: ${message}\n`);
  expect(run.code).toBe(drillExitCodes.usage);
  const real = [services.postgres.password, services.redis.password, services.s3.secretAccessKey];
  for (const value of [...secrets, ...real]) {
    expect(run.stdout).not.toContain(value);
    expect(run.stderr).not.toContain(value);
  }
}

describe('bulwark drill against a service set up wrongly', () => {
  const { postgres, redis, s3 } = services;
  const s3Env = (overrides: Record<string, string>) => ({
    BULWARK_DRILL_S3_ENDPOINT: s3.endpoint,
    BULWARK_DRILL_S3_REGION: s3.region,
    BULWARK_DRILL_S3_BUCKET: 'bulwark-no-such-bucket',
    BULWARK_DRILL_S3_ACCESS_KEY: s3.accessKeyId,
    BULWARK_DRILL_S3_SECRET_KEY: s3.secretAccessKey,
    ...overrides,
  });
  const postgresUrl = (password: string, database: string, query = '') =>
    `postgres://${secret(postgres.user)}:${secret(password)}@${postgres.host}:${postgres.port}/${database}${query}`;

  it('a bucket that does not exist', async () => {
    await expectRefusal(
      s3Env({}),
      `s3 at ${s3.endpoint}/bulwark-no-such-bucket: bucket "bulwark-no-such-bucket" does not exist (NoSuchBucket); create it, or name an existing one with --s3-bucket (or BULWARK_DRILL_S3_BUCKET)`,
      [],
    );
  });

  it('a wrong S3 secret key', async () => {
    const wrong = 'not-the-secret-key-0123456789';
    await expectRefusal(
      s3Env({ BULWARK_DRILL_S3_SECRET_KEY: wrong }),
      `s3 at ${s3.endpoint}/bulwark-no-such-bucket: the server refused the access key or secret key (SignatureDoesNotMatch); fix --s3-access-key and --s3-secret-key (or BULWARK_DRILL_S3_ACCESS_KEY and BULWARK_DRILL_S3_SECRET_KEY)`,
      [wrong],
    );
  });

  it('https:// asked of a plain S3 server', async () => {
    const https = s3.endpoint.replace(/^http:/, 'https:');
    await expectRefusal(
      s3Env({ BULWARK_DRILL_S3_ENDPOINT: https }),
      `s3 at ${https}/bulwark-no-such-bucket: the server does not speak TLS (EPROTO); use http:// in --s3-endpoint (or BULWARK_DRILL_S3_ENDPOINT)`,
      [],
    );
  });

  it('a wrong PostgreSQL password', async () => {
    const wrong = 'not-the-password-0123456789';
    const database = workerDatabase();
    await expectRefusal(
      { BULWARK_DRILL_POSTGRES_URL: postgresUrl(wrong, database) },
      `postgres at postgres://${postgres.host}:${postgres.port}/${database}: password authentication failed for user "${postgres.user}" (28P01); fix the user or password in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)`,
      [wrong],
    );
  });

  it('a PostgreSQL database that does not exist', async () => {
    await expectRefusal(
      { BULWARK_DRILL_POSTGRES_URL: postgresUrl(postgres.password, 'bulwark_no_such_db') },
      `postgres at postgres://${postgres.host}:${postgres.port}/bulwark_no_such_db: database "bulwark_no_such_db" does not exist (3D000); create it, or name an existing one in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)`,
      [],
    );
  });

  it('sslmode=require asked of a PostgreSQL server without SSL', async () => {
    const database = workerDatabase();
    await expectRefusal(
      {
        BULWARK_DRILL_POSTGRES_URL: postgresUrl(postgres.password, database, '?sslmode=require'),
      },
      `postgres at postgres://${postgres.host}:${postgres.port}/${database}: the server does not speak TLS (no SSL); use sslmode=disable in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)`,
      [],
    );
  });

  it('a wrong Redis password', async () => {
    const wrong = 'not-the-password-0123456789';
    const db = workerRedisDatabase();
    await expectRefusal(
      { BULWARK_DRILL_REDIS_URL: `redis://:${wrong}@${redis.host}:${redis.port}/${db}` },
      `redis at redis://${redis.host}:${redis.port}/${db}: the server refused the user name or password (WRONGPASS); fix them in --redis-url (or BULWARK_DRILL_REDIS_URL)`,
      [wrong],
    );
  });

  it('rediss:// asked of a plain Redis', async () => {
    const db = workerRedisDatabase();
    const url = `rediss://:${redis.password}@${redis.host}:${redis.port}/${db}`;
    await expectRefusal(
      { BULWARK_DRILL_REDIS_URL: url },
      `redis at redis://${redis.host}:${redis.port}/${db}: the server does not speak TLS (ETIMEDOUT); use redis:// in --redis-url (or BULWARK_DRILL_REDIS_URL)`,
      [redis.password],
    );
  });

  it('a refused connection', async () => {
    const port = await closedPort();
    const wrong = 'token-0123456789';
    await expectRefusal(
      { BULWARK_DRILL_HTTP_URL: `http://127.0.0.1:${port}/health?token=${wrong}` },
      `http at http://127.0.0.1:${port}/health is unreachable: connection refused (ECONNREFUSED), nothing listens on 127.0.0.1:${port}; check the host and port in --http-url (or BULWARK_DRILL_HTTP_URL)`,
      [wrong],
    );
  });

  it('https:// asked of a plain HTTP port', async () => {
    const url = `https://${s3.host}:${s3.port}/health`;
    await expectRefusal(
      { BULWARK_DRILL_HTTP_URL: url },
      `http at ${url}: the server does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER); use http:// in --http-url (or BULWARK_DRILL_HTTP_URL)`,
      [],
    );
  });
});
