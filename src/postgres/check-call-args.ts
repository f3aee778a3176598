import type { CallContext } from '../core/pipeline-events.ts';
import type { PerCallOptions } from '../core/pipeline-options.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

/** The isolation levels of `BEGIN ISOLATION LEVEL ...`. */
export const isolationLevels = ['read committed', 'repeatable read', 'serializable'] as const;
export type IsolationLevel = (typeof isolationLevels)[number];

/**
 * Per-call options of `query`: every client's (the attempt's time is also the statement
 * timeout; the caller's abort cancels the statement on the server, as a timeout does), and
 * these.
 */
export interface PostgresQueryOptions extends PerCallOptions {
  /**
   * Whether running the statement twice has the same effect as once. Default: true for reads
   * (SELECT, SHOW, WITH ... SELECT with no writing word), false for everything else.
   */
  readonly idempotent?: boolean | undefined;
  /** Facts for logs, events and errors (`{ table: 'orders' }`); never parameter values. */
  readonly context?: CallContext | undefined;
}

/** Per-call options of `transaction`. */
export interface PostgresTransactionOptions extends PostgresQueryOptions {
  /** `BEGIN ISOLATION LEVEL ...` (default: the server's, normally read committed). */
  readonly isolationLevel?: IsolationLevel | undefined;
  /** `BEGIN ... READ ONLY`; a read-only transaction is idempotent unless told otherwise. */
  readonly readOnly?: boolean | undefined;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function checkOptions(where: string, options: unknown): InvalidArgumentError | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    return new InvalidArgumentError(
      `bulwark: ${where} options must be an object (got ${shown(options)})`,
    );
  }
  // Checked here, not only by the pipeline: the statement's keyword is merged into it first.
  const context = (options as { context?: unknown } | undefined)?.context;
  if (context !== undefined && (typeof context !== 'object' || context === null)) {
    return new InvalidArgumentError(
      `bulwark: call option context must be an object of facts (got ${shown(context)})`,
    );
  }
  return undefined;
}

/**
 * Checks `query`'s arguments before any I/O; returns the TypeError to reject with, if any.
 * The pipeline checks the call options it shares (idempotent, timeouts, context).
 */
export function checkQuery(
  text: unknown,
  params: unknown,
  options: unknown,
): InvalidArgumentError | undefined {
  if (typeof text !== 'string' || text.trim() === '') {
    return new InvalidArgumentError(
      `bulwark: postgres query text must be a non-empty SQL string (got ${shown(text)})`,
    );
  }
  if (params !== undefined && !Array.isArray(params)) {
    return new InvalidArgumentError(
      `bulwark: postgres query params must be an array of values for $1, $2, ... (got ${typeof params})`,
    );
  }
  return checkOptions('query', options);
}

/** Checks `transaction`'s arguments before any I/O; returns the TypeError, if any. */
export function checkTransaction(fn: unknown, options: unknown): InvalidArgumentError | undefined {
  if (typeof fn !== 'function') {
    return new InvalidArgumentError(
      `bulwark: postgres transaction needs a callback (tx) => Promise (got ${shown(fn)})`,
    );
  }
  const invalid = checkOptions('transaction', options);
  if (invalid || options === undefined) return invalid;
  const { isolationLevel, readOnly } = options as PostgresTransactionOptions;
  if (isolationLevel !== undefined && !isolationLevels.includes(isolationLevel)) {
    const allowed = isolationLevels.map((level) => JSON.stringify(level)).join(', ');
    return new InvalidArgumentError(
      `bulwark: option isolationLevel must be one of ${allowed} (got ${shown(isolationLevel)})`,
    );
  }
  if (readOnly !== undefined && typeof readOnly !== 'boolean') {
    return new InvalidArgumentError(
      `bulwark: option readOnly must be true or false (got ${shown(readOnly)})`,
    );
  }
  return undefined;
}
