import type { PoolConfig } from 'pg';
import type { SpanConventions } from '../core/pipeline-options.ts';
import { defaultPostgresHost, defaultPostgresPort } from './postgres-defaults.ts';

/** Where the pool connects, for the spans: from its fields, or its connection string. */
function serverOf(config: PoolConfig): { host: string; port: number; database?: string } {
  const text = config.connectionString;
  if (text !== undefined) {
    try {
      const url = new URL(text);
      const database = decodeURIComponent(url.pathname.slice(1));
      return {
        host: url.hostname || defaultPostgresHost,
        port: url.port === '' ? defaultPostgresPort : Number(url.port),
        ...(database === '' ? {} : { database }),
      };
    } catch {
      // A socket path pg parses itself: the spans fall back to the fields.
    }
  }
  return {
    host: config.host ?? defaultPostgresHost,
    port: config.port ?? defaultPostgresPort,
    ...(config.database === undefined ? {} : { database: config.database }),
  };
}

/**
 * Spans of statements by the OpenTelemetry conventions for PostgreSQL: named after the
 * statement's keyword (`SELECT`, `INSERT`, `TRANSACTION`) and the table when the call's
 * context names one, with `db.system.name`, `db.operation.name`, `db.collection.name`,
 * `db.namespace` and the server. The statement's text stays out: a literal in it may be a secret.
 */
export function postgresSpans(config: PoolConfig): SpanConventions {
  const { host, port, database } = serverOf(config);
  const server = {
    'db.system.name': 'postgresql',
    'server.address': host,
    'server.port': port,
    ...(database === undefined ? {} : { 'db.namespace': database }),
  };
  const keywordOf = (context: object | undefined): string => {
    const statement = (context as { statement?: unknown } | undefined)?.statement;
    return typeof statement === 'string' ? statement : 'postgresql';
  };
  const tableOf = (context: object | undefined): string | undefined => {
    const table = (context as { table?: unknown } | undefined)?.table;
    return typeof table === 'string' ? table : undefined;
  };
  return {
    name: ({ context }) => {
      const table = tableOf(context);
      return table === undefined ? keywordOf(context) : `${keywordOf(context)} ${table}`;
    },
    attributes: ({ context }) => {
      const table = tableOf(context);
      return {
        ...server,
        'db.operation.name': keywordOf(context),
        ...(table === undefined ? {} : { 'db.collection.name': table }),
      };
    },
  };
}
