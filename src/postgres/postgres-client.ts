import pg from 'pg';
import type { QueryResult, QueryResultRow } from 'pg';
import type { BulwarkClient } from '../core/bulwark-client.ts';
import { closedClientError } from '../core/closed-client-error.ts';
import type { Attempt } from '../core/attempt/index.ts';
import type { CircuitBreaker } from '../core/breaker/circuit-breaker.ts';
import type { KeyedBreakers } from '../core/breaker/keyed-breakers.ts';
import type { EventBus } from '../core/event-bus.ts';
import { withClientCheck } from '../core/breaker/recovery-check.ts';
import { Pipeline } from '../core/pipeline.ts';
import type { PipelineEvent } from '../core/pipeline-events.ts';
import { defaultTimeout } from '../core/pipeline-options.ts';
import { answersQuery } from './answers-query.ts';
import { toStatementTimeout } from './attempt-lease.ts';
import {
  checkQuery,
  checkTransaction,
  type PostgresQueryOptions,
  type PostgresTransactionOptions,
} from './check-call-args.ts';
import { postgresSpans } from './postgres-spans.ts';
import { classifyPostgres } from './classify-postgres.ts';
import { closeGraceMs, defaultPoolMax, defaultPostgresService } from './postgres-defaults.ts';
import { resolvePoolConfig, type PostgresClientOptions } from './postgres-options.ts';
import { poolCloser } from './pool-closer.ts';
import { PoolHandoff } from './transport/pool-handoff.ts';
import { runStatement } from './run-statement.ts';
import type { StatementPath } from './transport/index.ts';
import { CoalescedWrites } from '../transport/coalesced-writes.ts';
import { watchSession } from './transport/session-watch.ts';
import { runTransaction, type PostgresTransaction } from './run-transaction.ts';
import { statementFacts } from './statement-kind.ts';

/** How many connections the pool holds, and how many calls wait for one. */
export interface PostgresPoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/**
 * A resilient PostgreSQL pool: every statement and every transaction runs through bulwark's
 * pipeline (retry with backoff and budget, circuit breaker, rate limiter, timeouts, bulkhead).
 * A timed-out statement is cancelled on the server, and its connection destroyed.
 */
export class PostgresClient implements BulwarkClient {
  readonly service: string;
  /** Every attempt, retry, rejection, timeout and breaker change (see `attachLogger`). */
  readonly events: EventBus<PipelineEvent>;
  readonly breaker: CircuitBreaker | undefined;
  readonly breakers: KeyedBreakers | undefined;
  readonly #pipeline: Pipeline;
  readonly #pool: pg.Pool;
  readonly #handoff: PoolHandoff;
  readonly #statements: StatementPath;
  readonly #endPool: () => Promise<void>;
  #closing: Promise<void> | undefined;

  constructor(options: PostgresClientOptions) {
    const poolConfig = resolvePoolConfig(options);
    const { connection: _connection, url: _url, service, recoveryCheck, ...policies } = options;
    this.#pipeline = new Pipeline({
      ...policies,
      service: service ?? defaultPostgresService,
      classify: classifyPostgres,
      spans: postgresSpans(poolConfig),
      // A hedge that waits in the pool's queue overtakes nothing and delays the calls it joins.
      hedgeRoom: () => {
        const { total, idle, waiting } = this.poolStats;
        return waiting === 0 && (idle > 0 || total < (poolConfig.max ?? defaultPoolMax));
      },
      recoveryCheck: withClientCheck(recoveryCheck, (signal) =>
        answersQuery(this.#handoff, signal),
      ),
    });
    this.service = this.#pipeline.service;
    this.events = this.#pipeline.events;
    this.breaker = this.#pipeline.breaker;
    this.breakers = this.#pipeline.breakers;
    const startup = toStatementTimeout(options.timeout?.attemptMs ?? defaultTimeout.attemptMs);
    this.#pool = new pg.Pool({ ...poolConfig, statement_timeout: startup || false });
    // An idle connection that breaks is dropped by the pool, which then emits `error`; with
    // no listener that would crash the process. The next call simply gets a new connection.
    this.#pool.on('error', () => undefined);
    this.#pool.on('connect', watchSession);
    // A pool that counts uses or ages connections does so on check-in: it must see every one.
    const unlimited = (limit: number | undefined) => limit === undefined || limit === Infinity;
    const keeps = unlimited(poolConfig.maxUses) && !poolConfig.maxLifetimeSeconds;
    this.#handoff = new PoolHandoff(this.#pool, keeps);
    this.#statements = {
      handoff: this.#handoff,
      writes: new CoalescedWrites('turn'),
      // pg sends no statement_timeout of 0, so such a session keeps the server's own default.
      startupMs: startup === 0 ? undefined : startup,
    };
    const endPool = poolCloser(this.#pool, closeGraceMs);
    this.#endPool = () => {
      this.#handoff.returnKept();
      return endPool();
    };
  }

  /** The pipeline every call runs through (its events, breaker and service). */
  get pipeline(): Pipeline {
    return this.#pipeline;
  }

  /** The pool's connections right now. */
  get poolStats(): PostgresPoolStats {
    const pool = this.#pool;
    const idle = pool.idleCount + this.#handoff.keptCount;
    return { total: pool.totalCount, idle, waiting: pool.waitingCount };
  }

  /**
   * Runs one statement. Reads (SELECT, SHOW, WITH ... SELECT, with no writing word) are
   * retried on any retriable failure, in a READ ONLY transaction once they were sent, so that
   * a SELECT of a function that writes fails instead of writing again; writes only when the failure proves
   * they never ran, unless `options.idempotent` says otherwise (and then as they are). Parameter values never reach logs or errors;
   * the statement's first keyword is added to the call's context as `statement`.
   */
  query<R extends QueryResultRow = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: PostgresQueryOptions,
  ): Promise<QueryResult<R>> {
    const invalid = checkQuery(text, params, options) ?? this.#closedError('query');
    if (invalid) return Promise.reject(invalid);
    const facts = statementFacts(text);
    const statements = this.#statements;
    // Taken for a read by its text, not told so by the caller: once sent, it is retried only
    // read-only (see runStatement).
    const guard = facts.readOnly && options?.idempotent === undefined ? { sent: false } : undefined;
    const run = (attempt: Attempt) => runStatement<R>(statements, text, params, attempt, guard);
    if (options === undefined) {
      return this.#pipeline.execute(run, {
        operation: 'query',
        idempotent: facts.readOnly,
        context: facts.context,
      });
    }
    return this.#pipeline.execute(run, {
      operation: 'query',
      idempotent: options.idempotent ?? facts.readOnly,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      attemptTimeoutMs: options.attemptTimeoutMs,
      context: options.context ? { statement: facts.keyword, ...options.context } : facts.context,
    });
  }

  /**
   * Runs `fn` in a transaction on one connection: BEGIN, `fn`, COMMIT (ROLLBACK when `fn`
   * throws). On a serialization failure (40001) or a deadlock (40P01) the server has rolled
   * everything back, and the whole callback runs again; so keep `fn` free of effects outside
   * the transaction. Other failures after BEGIN are retried only when `idempotent` is set.
   */
  transaction<T>(
    fn: (tx: PostgresTransaction) => Promise<T>,
    options?: PostgresTransactionOptions,
  ): Promise<T> {
    const invalid = checkTransaction(fn, options) ?? this.#closedError('transaction');
    if (invalid) return Promise.reject(invalid);
    const shape = {
      isolationLevel: options?.isolationLevel,
      readOnly: options?.readOnly ?? false,
    };
    const run = (attempt: Attempt) => runTransaction(this.#handoff, attempt, shape, fn);
    return this.#pipeline.execute(run, {
      operation: 'transaction',
      idempotent: options?.idempotent ?? shape.readOnly,
      signal: options?.signal,
      timeoutMs: options?.timeoutMs,
      attemptTimeoutMs: options?.attemptTimeoutMs,
      context: {
        statement: 'TRANSACTION',
        ...(shape.isolationLevel && { isolation: shape.isolationLevel }),
        ...options?.context,
      },
    });
  }

  /**
   * Closes the client, as every bulwark client's `close()` does: calls made from now on fail at
   * once with an UpstreamError of kind `client`; calls with an attempt on its way finish (each
   * within its deadline); a call that would send another attempt (a retry, or a first attempt
   * it was still queued for) fails at once with that same error. Resolves once every call has
   * settled and every socket is closed; nothing that closing does counts against the breaker or
   * is reported as the upstream's failure. Idempotent.
   */
  close(): Promise<void> {
    // The pool serves on until the calls have settled: the statements queued for a connection
    // run as the running ones finish (pg-pool, once ending, would neither serve nor fail them).
    this.#closing ??= this.#pipeline.close().then(() => {
      this.#pipeline.dispose();
      return this.#endPool();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #closedError(operation: string): Error | undefined {
    return this.#closing === undefined ? undefined : closedClientError(this.service, operation);
  }
}

/**
 * Makes a PostgreSQL client: a `pg` pool whose every call runs through the pipeline.
 * Options are validated here, before any connection is made.
 *
 * @example
 * ```ts
 * const db = createPostgresClient({ url: 'postgres://app:secret@db.internal:5432/orders' });
 * // or: createPostgresClient({ connection: { host, port, user, password, database, max: 20 } });
 * const { rows } = await db.query('SELECT name FROM users WHERE id = $1', [id]);
 * ```
 */
export function createPostgresClient(options: PostgresClientOptions): PostgresClient {
  return new PostgresClient(options);
}
