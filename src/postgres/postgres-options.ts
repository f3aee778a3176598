import { policyOptionKeys } from '../core/resolve-pipeline.ts';
import type { PoolConfig } from 'pg';
import type { PipelineOptions } from '../core/pipeline-options.ts';
import { checkInteger, checkKeys } from '../core/validate.ts';
import { defaultPostgresPool } from './postgres-defaults.ts';
import { InvalidOptionError } from '../core/error-catalogue.ts';

/**
 * The pool's connection settings, as `pg.Pool` takes them (host, port, user, password,
 * database, max, connectionTimeoutMillis, ssl...). Timeouts that would abandon a query without
 * cancelling it, and pipelining, which cannot cancel one statement, are bulwark's to manage.
 */
export type PostgresConnectionOptions = Omit<
  PoolConfig,
  'query_timeout' | 'statement_timeout' | 'pipeline' | 'Client' | 'Promise' | 'log'
>;

/** Options of {@link createPostgresClient}: the connection, and the pipeline's policies. */
export interface PostgresClientOptions extends Omit<
  PipelineOptions,
  'service' | 'classify' | 'spans'
> {
  /**
   * Where and how to connect, as psql and pg users write it:
   * `postgres://user:password@host:port/database?sslmode=require`. The same as
   * `connection: { connectionString }`; pool settings (max, ssl...) may still go in `connection`.
   */
  readonly url?: string;
  /** The pool's settings; required unless `url` is given. */
  readonly connection?: PostgresConnectionOptions;
  /** The name in errors, events and logs (default `postgres`). */
  readonly service?: string;
}

const clientKeys = ['url', 'connection', 'service', ...policyOptionKeys];

/** Pool settings bulwark owns, with what to use instead. */
const refused: Readonly<Record<string, string>> = {
  query_timeout:
    'bulwark times statements out itself (timeout.attemptMs, or timeoutMs per call) and cancels them on the server',
  statement_timeout: "bulwark sets the statement timeout from each attempt's time",
  pipeline: 'a pipelined connection cannot cancel one statement',
  Client: 'bulwark cancels statements through pg.Client',
};

/**
 * Validates the options before any I/O (a bad one throws a TypeError that names it) and
 * returns the pool's settings, merged over {@link defaultPostgresPool}.
 */
export function resolvePoolConfig(options: PostgresClientOptions): PoolConfig {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(
      'bulwark: createPostgresClient needs an options object with { url } or { connection }',
    );
  }
  checkKeys('postgres', options, clientKeys);
  const connection: unknown = withUrl(options);
  if (typeof connection !== 'object' || connection === null) {
    throw new InvalidOptionError(
      `bulwark: option connection must be pg pool settings ({ host, port, user, password, database, ... }), or option url a postgres:// URL (got connection ${String(connection)})`,
    );
  }
  for (const [key, why] of Object.entries(refused)) {
    if (key in connection) {
      throw new InvalidOptionError(`bulwark: option connection.${key} is not supported: ${why}`);
    }
  }
  const settings = connection as PostgresConnectionOptions;
  if (settings.connectionString !== undefined) {
    const name = options.url === undefined ? 'connection.connectionString' : 'url';
    checkConnectionString(settings.connectionString, name);
  }
  if (settings.max !== undefined) checkInteger('connection.max', settings.max, 1);
  if (settings.port !== undefined) checkInteger('connection.port', settings.port, 1, 65_535);
  if (settings.connectionTimeoutMillis !== undefined) {
    // pg reads 0 as "wait forever", which is what a resilient client must never do.
    checkInteger('connection.connectionTimeoutMillis', settings.connectionTimeoutMillis, 1);
  }
  return { ...defaultPostgresPool, ...settings };
}

/**
 * A connection string pg would take for a server fault later ("Invalid URL" on every query,
 * which opens the breaker) is refused now: a `postgres://` or `postgresql://` URL whose port,
 * if given, is a number. Never shows the string itself: it may carry a password.
 */
function checkConnectionString(value: unknown, name: string): void {
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`bulwark: option ${name} must be a string (got ${typeof value})`);
  }
  // Only the scheme and the port are read; the rest (a Unix socket path, say) is pg's to parse.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme !== 'postgres' && scheme !== 'postgresql') {
    throw new InvalidOptionError(
      `bulwark: option ${name} must be a postgres:// or postgresql:// URL (got scheme ${scheme ?? 'none'})`,
    );
  }
  const authority = value.slice(scheme.length + 3).split(/[/?#]/, 1)[0] ?? '';
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)?.[1];
  if (port !== undefined && port !== '' && !/^\d{1,5}$/.test(port)) {
    throw new InvalidOptionError(`bulwark: option ${name} has a port that is no number`);
  }
}

/** Fields of `connection` that say where to connect, which `url` says instead. */
const urlFields = ['connectionString', 'host', 'port', 'user', 'password', 'database'] as const;

/** The connection settings, with `url` as their connection string; refused beside those fields. */
function withUrl(options: PostgresClientOptions): unknown {
  if (options.url === undefined) return options.connection;
  const connection: unknown = options.connection ?? {};
  if (typeof connection !== 'object' || connection === null) return connection;
  const both = urlFields.find((field) => field in connection);
  if (both !== undefined) {
    throw new InvalidOptionError(
      `bulwark: options url and connection.${both} both say where to connect: give one of them`,
    );
  }
  if (typeof options.url !== 'string') {
    throw new InvalidOptionError(
      `bulwark: option url must be a string (got ${typeof options.url})`,
    );
  }
  return { ...connection, connectionString: options.url };
}
