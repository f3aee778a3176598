import { describe, expect, it } from 'vitest';
import { describeSetupFailure, type SetupPlace } from './describe-setup-failure.ts';
import { DrillSetupError } from './drill-setup-error.ts';
import * as errors from './setup-failure-errors.test-helpers.ts';

const postgres: SetupPlace = {
  client: 'postgres',
  target: 'postgres://db.example:5432/orders',
  upstream: 'db.example:5432',
  targets: { postgresUrl: 'postgres://app:hunter2@db.example:5432/orders' },
};
const redis: SetupPlace = {
  client: 'redis',
  target: 'redis://cache:6379/0',
  upstream: 'cache:6379',
  targets: { redisUrl: 'redis://:hunter2@cache:6379/0' },
};
const s3Target = {
  endpoint: 'http://127.0.0.1:9000',
  region: 'eu-west-3',
  bucket: 'drillminio',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG',
};
const s3: SetupPlace = {
  client: 's3',
  target: 'http://127.0.0.1:9000/drillminio',
  upstream: '127.0.0.1:9000',
  targets: { s3: s3Target },
};
const http: SetupPlace = {
  client: 'http',
  target: 'https://api.example:8080/health',
  upstream: 'api.example:8080',
  targets: { httpUrl: 'https://api.example:8080/health?token=hunter2' },
};

function messageOf(error: unknown, place: SetupPlace): string {
  const described = describeSetupFailure(error, place);
  expect(described).toBeInstanceOf(DrillSetupError);
  expect(described.cause).toBe(error);
  expect(described.message).not.toContain('\n');
  for (const secret of ['hunter2', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI']) {
    expect(described.message).not.toContain(secret);
  }
  return described.message;
}

describe('describeSetupFailure', () => {
  it('an unreachable service: refused, unknown host, no answer', () => {
    expect(messageOf(errors.refused, postgres)).toBe(
      'postgres at postgres://db.example:5432/orders is unreachable: connection refused (ECONNREFUSED), nothing listens on db.example:5432; check the host and port in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)',
    );
    expect(messageOf(errors.unknownHost, redis)).toBe(
      'redis at redis://cache:6379/0 is unreachable: host "cache" not found (ENOTFOUND); check the host in --redis-url (or BULWARK_DRILL_REDIS_URL)',
    );
    expect(messageOf(errors.timedOut, s3)).toBe(
      's3 at http://127.0.0.1:9000/drillminio is unreachable: no answer from 127.0.0.1:9000 (ETIMEDOUT); check the host and port in --s3-endpoint (or BULWARK_DRILL_S3_ENDPOINT), and that no firewall drops the connection',
    );
  });

  it('PostgreSQL: password, login, database, and SSL asked of a server without it', () => {
    expect(messageOf(errors.postgresWrongPassword, postgres)).toBe(
      'postgres at postgres://db.example:5432/orders: password authentication failed for user "app" (28P01); fix the user or password in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)',
    );
    expect(messageOf(errors.postgresNoEntry, postgres)).toBe(
      'postgres at postgres://db.example:5432/orders: the server refused the login of user "app" (28000: no such role, or no pg_hba.conf entry allows it); fix the user in --postgres-url (or BULWARK_DRILL_POSTGRES_URL), or add sslmode=require to it if the server accepts only TLS',
    );
    expect(messageOf(errors.postgresNoDatabase, postgres)).toBe(
      'postgres at postgres://db.example:5432/orders: database "orders" does not exist (3D000); create it, or name an existing one in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)',
    );
    const ssl = {
      ...postgres,
      targets: { postgresUrl: `${postgres.targets.postgresUrl}?sslmode=require` },
    };
    expect(messageOf(errors.postgresNoSsl, ssl)).toBe(
      'postgres at postgres://db.example:5432/orders: the server does not speak TLS (no SSL); use sslmode=disable in --postgres-url (or BULWARK_DRILL_POSTGRES_URL)',
    );
  });

  it('Redis: a wrong password, and none given', () => {
    expect(messageOf(errors.redisWrongPass, redis)).toBe(
      'redis at redis://cache:6379/0: the server refused the user name or password (WRONGPASS); fix them in --redis-url (or BULWARK_DRILL_REDIS_URL)',
    );
    expect(messageOf(errors.redisNoAuth, redis)).toBe(
      'redis at redis://cache:6379/0: the server needs a password and none was given (NOAUTH); add it to --redis-url (or BULWARK_DRILL_REDIS_URL)',
    );
  });

  it('S3: bucket, keys, permissions, region, and https:// asked of a plain server', () => {
    expect(messageOf(errors.s3NoSuchBucket, s3)).toBe(
      's3 at http://127.0.0.1:9000/drillminio: bucket "drillminio" does not exist (NoSuchBucket); create it, or name an existing one with --s3-bucket (or BULWARK_DRILL_S3_BUCKET)',
    );
    expect(messageOf(errors.s3WrongSecret, s3)).toBe(
      's3 at http://127.0.0.1:9000/drillminio: the server refused the access key or secret key (SignatureDoesNotMatch); fix --s3-access-key and --s3-secret-key (or BULWARK_DRILL_S3_ACCESS_KEY and BULWARK_DRILL_S3_SECRET_KEY)',
    );
    expect(messageOf(errors.s3AccessDenied, s3)).toBe(
      's3 at http://127.0.0.1:9000/drillminio: these keys may not use bucket "drillminio" (AccessDenied); allow them to list, get, put and delete objects in it, or fix --s3-access-key and --s3-secret-key (or BULWARK_DRILL_S3_ACCESS_KEY and BULWARK_DRILL_S3_SECRET_KEY)',
    );
    expect(messageOf(errors.s3WrongRegion, s3)).toBe(
      's3 at http://127.0.0.1:9000/drillminio: the region "eu-west-3" is not the bucket\'s (AuthorizationHeaderMalformed); set the right one with --s3-region (or BULWARK_DRILL_S3_REGION)',
    );
    const https = { ...s3, targets: { s3: { ...s3Target, endpoint: 'https://127.0.0.1:9000' } } };
    expect(messageOf(errors.s3Eproto, https)).toBe(
      's3 at http://127.0.0.1:9000/drillminio: the server does not speak TLS (EPROTO); use http:// in --s3-endpoint (or BULWARK_DRILL_S3_ENDPOINT)',
    );
  });

  it('HTTP: https:// of a plain port, plain of a TLS-only one, an error status', () => {
    expect(messageOf(errors.wrongVersionNumber, http)).toBe(
      'http at https://api.example:8080/health: the server does not speak TLS (ERR_SSL_WRONG_VERSION_NUMBER); use http:// in --http-url (or BULWARK_DRILL_HTTP_URL)',
    );
    const plain = { ...http, targets: { httpUrl: 'http://api.example:8080/health' } };
    expect(messageOf(errors.undiciClosed, plain)).toBe(
      'http at https://api.example:8080/health: the server closed the connection without answering (UND_ERR_SOCKET); if it speaks only TLS, use https:// in --http-url (or BULWARK_DRILL_HTTP_URL)',
    );
    expect(messageOf(Object.assign(new Error('HTTP 401'), { status: 401 }), http)).toBe(
      'http at https://api.example:8080/health: GET answered HTTP 401; give --http-url (or BULWARK_DRILL_HTTP_URL) a URL that answers GET with 2xx',
    );
  });

  it('a cause it cannot name: the error’s first line, URLs masked', () => {
    const error = new Error('lost in postgres://app:hunter2@db.example/orders\nstack');
    expect(messageOf(error, postgres)).toBe(
      'postgres at postgres://db.example:5432/orders: lost in postgres://app:***@db.example/orders',
    );
  });
});
