import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { probePostgres } from '../../../src/testkit/services/postgres-probe.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { workerDatabaseName } from '../../../src/testkit/services/worker-databases.ts';
import { findPostgresBinDir } from '../../../src/testkit/tools.ts';

const run$ = promisify(execFile);
const services = inject('bulwarkServices');

function psql(
  host: string,
  sql: string,
  password = services.postgres.password,
  database = 'postgres',
) {
  return run$(
    join(findPostgresBinDir(), 'psql'),
    [
      '-X',
      '-qAt',
      '-h',
      host,
      '-p',
      String(services.postgres.port),
      '-U',
      services.postgres.user,
      '-d',
      database,
      '-c',
      sql,
    ],
    { env: { ...process.env, PGPASSWORD: password } },
  );
}

function s3(secretAccessKey = services.s3.secretAccessKey): S3Client {
  return new S3Client({
    endpoint: services.s3.endpoint,
    region: services.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: services.s3.accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

describe('the services global setup started', () => {
  it('PostgreSQL answers on TCP and on its Unix socket, and checks passwords', async () => {
    expect((await psql(services.postgres.host, 'SELECT 40 + 2')).stdout.trim()).toBe('42');
    if (services.postgres.socketDir) {
      expect((await psql(services.postgres.socketDir, 'SELECT 1')).stdout.trim()).toBe('1');
    }
    await expect(psql(services.postgres.host, 'SELECT 1', 'wrong-password')).rejects.toMatchObject({
      stderr: expect.stringMatching(/password authentication failed/),
    });
  });

  it('the readiness probe finds PostgreSQL ready', async () => {
    const { host, port, user } = services.postgres;
    await expect(probePostgres({ host, port, user, database: 'postgres' })).resolves.toBe(
      undefined,
    );
  });

  it('has a database for this worker', async () => {
    const database = workerDatabaseName(Number(process.env['VITEST_POOL_ID'] ?? 1));
    const { stdout } = await psql(
      services.postgres.host,
      'SELECT current_database()',
      undefined,
      database,
    );
    expect(stdout.trim()).toBe(database);
  });

  it('Redis answers on TCP and on its Unix socket, and refuses a wrong password', async () => {
    const { host, port, password, socketPath } = services.redis;
    expect(await sendRedisCommands({ host, port }, [['AUTH', password], ['PING']])).toBe(
      '+OK\r\n+PONG\r\n',
    );
    if (socketPath) {
      expect(await sendRedisCommands({ path: socketPath }, [['AUTH', password], ['PING']])).toBe(
        '+OK\r\n+PONG\r\n',
      );
    }
    expect(await sendRedisCommands({ host, port }, [['AUTH', 'wrong']])).toMatch(/^-WRONGPASS/);
  });

  it('the S3 server answers signed requests and rejects a wrong secret', async () => {
    const good = s3();
    await expect(good.send(new ListBucketsCommand({}))).resolves.toMatchObject({
      $metadata: { httpStatusCode: 200 },
    });
    good.destroy();
    const bad = s3('not-the-secret');
    await expect(bad.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    bad.destroy();
  });

  it("Toxiproxy's API answers", async () => {
    const response = await fetch(`${services.toxiproxy.apiUrl}/version`);
    expect(response.status).toBe(200);
    // A `go install` build reports "git" as its version; the image reports the release.
    expect(JSON.parse(await response.text())).toHaveProperty('version');
  });

  it('keeps each service log in the run folder', async () => {
    expect(services.logsDir).toContain(services.runId);
  });
});
