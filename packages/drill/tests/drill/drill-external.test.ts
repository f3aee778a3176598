// `bulwark drill` against services someone else runs (here: the test run's own PostgreSQL and
// Redis, given as URLs): only those clients are drilled, through the drill's own local proxies,
// and what the drill wrote is gone afterwards.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import type { DrillResults } from '../../src/drill/drill-results.ts';
import { workerDatabase, workerRedisDatabase } from 'bulwark/testkit';
// The type also loads the test kit's typing of `inject('bulwarkServices')`.
import type { ProvidedServices } from 'bulwark/testkit/vitest';
import { ownBroken } from './promises.ts';
import { runBulwark } from './run-bulwark.ts';

const services: ProvidedServices = inject('bulwarkServices');

describe('bulwark drill with the user’s own endpoints', () => {
  it('drills only the services given, through its proxies, and leaves nothing behind', async () => {
    const { postgres, redis } = services;
    const database = workerDatabase();
    const db = workerRedisDatabase();
    const secret = encodeURIComponent;
    const jsonPath = join(mkdtempSync(join(tmpdir(), 'bulwark-drill-')), 'results.json');
    const run = await runBulwark(['drill', '--quick', '--plain', '--json', jsonPath], {
      BULWARK_DRILL_POSTGRES_URL: `postgres://${secret(postgres.user)}:${secret(postgres.password)}@${postgres.host}:${postgres.port}/${database}`,
      BULWARK_DRILL_REDIS_URL: `redis://:${secret(redis.password)}@${redis.host}:${redis.port}/${db}`,
    });
    expect(run.stderr).toBe('');
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as DrillResults;
    expect(ownBroken(results.broken)).toEqual([]);
    expect(run.code).toBe(results.broken.length === 0 ? 0 : 1);
    expect(results.mode).toBe('external');
    expect(results.clients.map((c) => c.client)).toEqual(['postgres', 'redis']);
    expect(results.clients.map((c) => c.target)).toEqual([
      `postgres://${postgres.host}:${postgres.port}/${database}`,
      `redis://${redis.host}:${redis.port}/${db}`,
    ]);
    for (const secretValue of [postgres.password, redis.password]) {
      expect(run.stdout).not.toContain(secretValue);
      expect(readFileSync(jsonPath, 'utf8')).not.toContain(secretValue);
    }
    for (const client of results.clients) {
      const bulwark = client.sides.find((side) => side.side === 'bulwark');
      expect(bulwark?.audit.acknowledgedWrites).toBeGreaterThan(50);
      expect(bulwark?.audit.lostWrites).toBe(0);
    }

    // Nothing of the drill's is left: no table, no key.
    const sql = new pg.Client({ ...postgres, database });
    await sql.connect();
    const tables = await sql.query(
      "SELECT tablename FROM pg_tables WHERE tablename LIKE 'bulwark_drill_%'",
    );
    await sql.end();
    expect(tables.rows).toEqual([]);
    const keys = new Redis({ host: redis.host, port: redis.port, password: redis.password, db });
    const left = await keys.keys('bulwark:drill:*');
    keys.disconnect();
    expect(left).toEqual([]);
  }, 90_000);
});
