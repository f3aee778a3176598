import { randomBytes } from 'node:crypto';
import { workerDatabaseName } from './services/worker-databases.ts';
import { redisDatabases } from './services/local-redis.ts';

/** This vitest worker's 1-based id (`VITEST_POOL_ID`); 1 outside vitest. */
export function workerId(): number {
  const id = Number(process.env['VITEST_POOL_ID']);
  return Number.isInteger(id) && id > 0 ? id : 1;
}

/** The PostgreSQL database that global setup made for this worker. */
export function workerDatabase(): string {
  return workerDatabaseName(workerId());
}

/** A Redis database index of this worker's own (0 is left to ad-hoc use). */
export function workerRedisDatabase(): number {
  return 1 + ((workerId() - 1) % (redisDatabases - 1));
}

let counter = 0;

/**
 * A name no other test, worker or run uses: lowercase letters, digits and dashes, at most 63
 * characters, so it is valid as an S3 bucket name, a Redis key prefix or a SQL identifier
 * (after swapping dashes for underscores).
 */
export function uniqueName(prefix = 't'): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 30);
  return `${clean}-w${workerId()}-${++counter}-${randomBytes(4).toString('hex')}`;
}
