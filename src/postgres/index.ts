// bulwark/postgres: a resilient PostgreSQL pool (`pg`) on bulwark's pipeline. Loads `pg`;
// the core (`bulwark`) does not.
export { createPostgresClient, PostgresClient } from './postgres-client.ts';
export type { PostgresPoolStats } from './postgres-client.ts';
export type { PostgresClientOptions, PostgresConnectionOptions } from './postgres-options.ts';
export type {
  IsolationLevel,
  PostgresQueryOptions,
  PostgresTransactionOptions,
} from './check-call-args.ts';
export type { PostgresTransaction } from './run-transaction.ts';
export { classifyPostgres } from './classify-postgres.ts';
export { PostgresNotSentError } from './postgres-not-sent-error.ts';
export type { NotSentPhase } from './postgres-not-sent-error.ts';
export { defaultPostgresPool, defaultPostgresService } from './postgres-defaults.ts';
