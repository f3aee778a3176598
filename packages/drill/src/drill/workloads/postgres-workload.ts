import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { createPostgresClient, classifyPostgres } from 'bulwark/postgres';
import type { DrillSide } from '../drill-results.ts';
import { loadPolicies } from './load-policies.ts';
import { drillPolicies, type SideClient, type Workload } from './workload.ts';

/** Where the PostgreSQL server is and how to log in. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** TLS, when the URL's sslmode asks for it (see postgres-ssl.ts). */
  readonly ssl?: ConnectionOptions;
}

/** Connections per side: the same for bulwark's pool and the raw one. */
const poolSize = 10;

/**
 * Writes rows to a table of the drill's own and reads them back by key. A row counts how many
 * times its insert ran (`applied`), so the audit sees a write applied twice.
 */
export function postgresWorkload(target: PostgresTarget, runId: string): Workload {
  const table = `bulwark_drill_${runId.replace(/[^a-z0-9]/gi, '_').toLowerCase()}`;
  const insert =
    `INSERT INTO ${table} AS w (side, key) VALUES ($1, $2) ` +
    `ON CONFLICT (side, key) DO UPDATE SET applied = w.applied + 1`;
  const select = `SELECT key FROM ${table} WHERE side = $1 AND key = $2`;
  const direct = () => new pg.Client({ ...target, connectionTimeoutMillis: 5_000 });
  const withDirect = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = direct();
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  return {
    client: 'postgres',
    target: `postgres://${target.host}:${target.port}/${target.database}`,
    upstream: `${target.host}:${target.port}`,
    speaksHttp: false,
    connections: poolSize,
    classify: (error) => classifyPostgres(error).kind,
    writes: true,
    countsRepeats: true,
    prepare: () =>
      withDirect(async (client) => {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${table} (side text NOT NULL, key text NOT NULL, ` +
            `applied integer NOT NULL DEFAULT 1, PRIMARY KEY (side, key))`,
        );
      }),
    open(side, address, profile): SideClient {
      const connection = { ...target, host: address.host, port: address.port, max: poolSize };
      if (side === 'raw') {
        // The raw pool as most code creates it: no timeouts of any kind.
        const pool = new pg.Pool(connection);
        pool.on('error', () => undefined);
        return {
          write: async (key) => void (await pool.query(insert, [side, key])),
          read: async (key) => void (await pool.query(select, [side, key])),
          close: () => pool.end(),
        };
      }
      const load = loadPolicies({ hedge: true, overloadable: false });
      const client = createPostgresClient({
        connection,
        ...drillPolicies(profile),
        ...load.options,
      });
      return {
        // Not idempotent: a second run adds to `applied`. bulwark may retry it only when it
        // knows the first attempt never reached the server.
        write: async (key) => void (await client.query(insert, [side, key], { idempotent: false })),
        read: async (key) => void (await client.query(select, [side, key])),
        close: () => client.close(),
        events: client.events,
        limit: load.limit,
      };
    },
    applied: (side: DrillSide, keys) =>
      withDirect(async (client) => {
        const found = await client.query<{ key: string; applied: number }>(
          `SELECT key, applied FROM ${table} WHERE side = $1 AND key = ANY($2)`,
          [side, [...keys]],
        );
        const applied = new Map(keys.map((key) => [key, 0]));
        for (const row of found.rows) applied.set(row.key, row.applied);
        return applied;
      }),
    cleanup: () =>
      withDirect(async (client) => {
        await client.query(`DROP TABLE IF EXISTS ${table}`);
      }),
  };
}
