// What the PostgreSQL integration tests share: a client that reaches the real server through a
// fault proxy of the test's own, a direct connection that sees what the server sees, and a
// record of the client's pipeline events.
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { isUpstreamError, type UpstreamError } from '../../../../src/core/errors.ts';
import type { PipelineEvent } from '../../../../src/core/pipeline-events.ts';
import {
  createPostgresClient,
  type PostgresClient,
  type PostgresClientOptions,
  type PostgresConnectionOptions,
} from '../../../../src/postgres/index.ts';
import type { FaultProxy } from '../../../../src/testkit/faults/fault-proxy.ts';
import { useFaultProxy } from '../../../../src/testkit/faults/use-fault-proxy.ts';
import { uniqueName, workerDatabase } from '../../../../src/testkit/isolation.ts';

export const services = inject('bulwarkServices');
export const postgres = services.postgres;

/** A client under test, the proxy in front of its server, and what it reported. */
export interface ProxiedDb {
  readonly db: PostgresClient;
  readonly proxy: FaultProxy;
  readonly events: PipelineEvent[];
  /** The application_name of this client's sessions, to find them in pg_stat_activity. */
  readonly applicationName: string;
}

type TestOptions = Partial<Omit<PostgresClientOptions, 'connection'>> & {
  readonly connection?: PostgresConnectionOptions;
};

/** Where this worker's database is, and who logs in, reached through `proxy`. */
export function connectionVia(proxy: { readonly host: string; readonly port: number }) {
  return {
    host: proxy.host,
    port: proxy.port,
    user: postgres.user,
    password: postgres.password,
    database: workerDatabase(),
  };
}

/**
 * A client of this worker's database through a fresh fault proxy, closed when the test ends.
 * Backoff is short so that retries do not slow the suite; everything can be overridden.
 */
export async function proxiedDb(options: TestOptions = {}): Promise<ProxiedDb> {
  const proxy = await useFaultProxy(postgres.proxyUpstream);
  const applicationName = uniqueName('app').replaceAll('-', '_');
  const { connection, ...policies } = options;
  const db = createPostgresClient({
    retry: { maxAttempts: 4, backoff: { initialDelayMs: 50, maxDelayMs: 400 } },
    timeout: { attemptMs: 5_000, totalMs: 15_000 },
    ...policies,
    connection: {
      ...connectionVia(proxy),
      max: 4,
      connectionTimeoutMillis: 2_000,
      application_name: applicationName,
      ...connection,
    },
  });
  const events: PipelineEvent[] = [];
  db.events.on((event) => events.push(event));
  onTestFinished(() => db.close());
  return { db, proxy, events, applicationName };
}

/** A connection straight to the server (no proxy), to look at what really happened there. */
export async function directClient(): Promise<pg.Client> {
  const client = new pg.Client({
    host: postgres.host,
    port: postgres.port,
    user: postgres.user,
    password: postgres.password,
    database: workerDatabase(),
  });
  await client.connect();
  return client;
}

/** Creates a table no other test uses, with the given column definitions; returns its name. */
export async function createTable(admin: pg.Client, columns: string): Promise<string> {
  const name = uniqueName('pg').replaceAll('-', '_');
  await admin.query(`CREATE TABLE ${name} (${columns})`);
  return name;
}

/** How many sessions the server has for `applicationName`. */
export async function sessionsOf(admin: pg.Client, applicationName: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  return rows[0]?.n ?? -1;
}

/** How many backends (other than the asking one) are running a statement containing `marker`. */
export async function runningStatements(admin: pg.Client, marker: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE state = 'active' AND pid <> pg_backend_pid() AND strpos(query, $1) > 0`,
    [marker],
  );
  return rows[0]?.n ?? -1;
}

export { eventsOf } from '../../../../src/testkit/index.ts';
export { eventually } from '../../support/eventually.ts';
export { tcpSockets } from '../../support/tcp-sockets.ts';

/** Runs `call` and returns the UpstreamError it threw; anything else fails the test. */
export async function failureOf(call: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  if (!outcome) throw new Error('expected the call to fail, but it succeeded');
  if (!isUpstreamError(outcome.error)) throw outcome.error;
  return outcome.error;
}
