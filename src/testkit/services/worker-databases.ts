import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { findPostgresBinDir } from '../tools.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

const run$ = promisify(execFile);

/** The database of the vitest worker with this pool id (1-based). */
export function workerDatabaseName(poolId: number): string {
  return `bulwark_w${poolId}`;
}

/**
 * Creates one database per worker, so parallel workers never see each other's tables. Uses
 * the psql client over TCP, so it works against any provider's PostgreSQL.
 */
export async function createWorkerDatabases(
  postgres: ServiceEndpoints['postgres'],
  workers: number,
): Promise<void> {
  // One -c each: CREATE DATABASE cannot share a transaction with another statement.
  const statements = Array.from({ length: workers }, (_, i) => [
    '-c',
    `CREATE DATABASE ${workerDatabaseName(i + 1)}`,
  ]);
  await run$(
    join(findPostgresBinDir(), 'psql'),
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      postgres.host,
      '-p',
      String(postgres.port),
      '-U',
      postgres.user,
      '-d',
      postgres.database,
      ...statements.flat(),
    ],
    { env: { ...process.env, PGPASSWORD: postgres.password } },
  ).catch((error: Error & { stderr?: string }) => {
    throw new TestKitSetupError(
      `could not create the workers' databases: ${error.stderr ?? error.message}`,
    );
  });
}
