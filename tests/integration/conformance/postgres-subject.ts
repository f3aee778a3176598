// PostgreSQL subjects for the conformance suite: bulwark's client and, to prove the suite can
// fail, the raw pg pool as most code creates it. Writes go to a table of the worker's own that
// counts how many times each key's insert ran.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresClient, type PostgresClient } from '../../../src/postgres/index.ts';
import type {
  ClientUnderTest,
  ConformanceSubject,
  Endpoint,
} from '../../../src/testkit/conformance/index.ts';
import { connectionVia, createTable, directClient, postgres } from '../clients/postgres/fixture.ts';

let admin: pg.Client;
let table = '';
const insert = () =>
  `INSERT INTO ${table} AS t (key) VALUES ($1) ` +
  'ON CONFLICT (key) DO UPDATE SET applied = t.applied + 1';

beforeAll(async () => {
  admin = await directClient();
  table = await createTable(admin, 'key text PRIMARY KEY, applied integer NOT NULL DEFAULT 1');
});
afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS ${table}`);
  await admin.end();
});

async function timesWritten(key: string): Promise<number> {
  const { rows } = await admin.query<{ applied: number }>(
    `SELECT applied FROM ${table} WHERE key = $1`,
    [key],
  );
  return rows[0]?.applied ?? 0;
}

const common = {
  service: `${postgres.host}:${postgres.port}`,
  timesWritten,
  secrets: [postgres.password],
  spanAttributes: { 'db.system.name': 'postgresql', 'db.operation.name': 'SELECT' },
};

/** bulwark's client, with the suite's policies as they come. */
export const bulwarkPostgres: ConformanceSubject<ClientUnderTest & { db: PostgresClient }> = {
  ...common,
  name: 'bulwark/postgres',
  build: (endpoint: Endpoint, policies) => {
    const connection = { ...connectionVia(endpoint), max: 4, connectionTimeoutMillis: 2_000 };
    const db = createPostgresClient({ connection, ...policies });
    return {
      db,
      read: () => db.query('SELECT 1'),
      write: (key) => db.query(insert(), [key], { idempotent: false }),
      close: () => db.close(),
      events: db.events,
    };
  },
  failFast: ({ db }) => db.query(`SELECT * FROM ${table}_missing`),
};

/** The driver called directly: no timeout, no retry, no breaker, no limit, no events. */
export const naivePostgres: ConformanceSubject = {
  ...common,
  name: 'naive pg pool',
  build: (endpoint: Endpoint) => {
    const pool = new pg.Pool({ ...connectionVia(endpoint), max: 4 });
    pool.on('error', () => undefined);
    return {
      read: () => pool.query('SELECT 1'),
      write: (key) => pool.query(insert(), [key]),
      close: () => pool.end(),
    };
  },
};
