import { maskFields } from '../core/masked-values.ts';
import type { Classification } from '../core/classification.ts';
import { classifyNetworkError } from '../core/classify-default.ts';
import { isCallbackError } from './callback-errors.ts';
import { PostgresNotSentError } from './postgres-not-sent-error.ts';

type Rule = Omit<Classification, 'code' | 'reason'>;

const retriable = (kind: Classification['kind']): Rule => ({ kind, retriable: true });
const fatal = (kind: Classification['kind']): Rule => ({ kind, retriable: false });

/**
 * SQLSTATEs that need a rule of their own, ahead of their class. `neverSent` on 40001 and
 * 40P01 stretches the core's word a little: the statement did reach the server, but the server
 * says it rolled the whole transaction back, so nothing of it took effect and running it again
 * is safe, which is what the retry policy asks.
 */
const byCode: Readonly<Record<string, Rule>> = {
  // serialization_failure and deadlock_detected: the transaction was rolled back; a rerun
  // usually wins the race. Contention between callers of a server that works: never a reason
  // to open the breaker for the whole database.
  '40001': { kind: 'server', retriable: true, neverSent: true, serverHealthy: true },
  '40P01': { kind: 'server', retriable: true, neverSent: true, serverHealthy: true },
  // statement_completion_unknown: it may have committed; only the caller can judge.
  '40003': fatal('server'),
  // too_many_connections: the server asks us to come back later, with fewer connections.
  '53300': retriable('throttled'),
  // admin_shutdown, crash_shutdown, cannot_connect_now: a restart or failover in progress.
  '57P01': retriable('server'),
  '57P02': retriable('server'),
  '57P03': retriable('server'),
  // idle_session_timeout: the server closed a session it thought idle; a new one will do.
  '57P05': retriable('connection'),
  // lock_not_available (NOWAIT, lock_timeout): another transaction held the lock; it may not
  // for long. Contention again, not the server's trouble.
  '55P03': { kind: 'server', retriable: true, serverHealthy: true },
  // insufficient_privilege: the role is not allowed; asking again will not change that.
  '42501': fatal('auth'),
  // invalid_catalog_name: the database does not exist.
  '3D000': fatal('not_found'),
  // protocol_violation: a driver bug, not a network hiccup.
  '08P01': fatal('server'),
};

/** The rule of each SQLSTATE class (the first two characters); unknown classes are fatal. */
const byClass: Readonly<Record<string, Rule>> = {
  // connection_exception: the connection broke or could not be made.
  '08': retriable('connection'),
  // invalid_authorization_specification: a wrong password or a role that may not log in.
  '28': fatal('auth'),
  // The statement itself is wrong: syntax and access rules, data, constraints, cardinality,
  // cursor and transaction state, unsupported features, limits, RAISE EXCEPTION in PL/pgSQL.
  '42': fatal('client'),
  '22': fatal('client'),
  '23': fatal('client'),
  '21': fatal('client'),
  '24': fatal('client'),
  '25': fatal('client'),
  '26': fatal('client'),
  '2B': fatal('client'),
  '3B': fatal('client'),
  '3F': fatal('client'),
  '0A': fatal('client'),
  '44': fatal('client'),
  '54': fatal('client'),
  '55': fatal('client'),
  P0: fatal('client'),
  // snapshot_too_old: a newer snapshot on the next attempt will do.
  '72': retriable('server'),
};

const sqlState = /^[0-9A-Z]{5}$/;
// Class 22 messages quote the offending input (`invalid input syntax for type integer: "x"`),
// which may be a parameter value, and parameter values may be secrets.
const quoted = /"(?:[^"]|"")*"/g;
// Values in `detail` (`Key (email)=(a@b.c) already exists`, `Failing row contains (1, x)`)
// and in `where` (`unnamed portal parameter $1 = '...'`).
const detailValues = /(=|contains )\((?:[^()]|\([^()]*\))*\)/g;
const whereValues = /(parameter \$\d+ = )'(?:[^']|'')*'/g;

/**
 * Masks, in place, the values a server error repeats from the call, before it becomes an
 * UpstreamError's cause (see maskFields); the classifier is the one place every error passes.
 */
function maskServerError(error: object, code: string): void {
  const { message, detail, where } = error as {
    message?: unknown;
    detail?: unknown;
    where?: unknown;
  };
  const masked: Record<string, string> = {};
  if (code.startsWith('22') && typeof message === 'string')
    masked['message'] = message.replace(quoted, '"…"');
  if (typeof detail === 'string') masked['detail'] = detail.replace(detailValues, '$1(…)');
  if (typeof where === 'string') masked['where'] = where.replace(whereValues, "$1'…'");
  maskFields(error, masked);
}

function fromSqlState(code: string, message: string): Classification {
  if (code === '57014') {
    // query_canceled: by a statement_timeout (ours) it is a timeout; by pg_cancel_backend or
    // an operator, someone meant the query to stop.
    return /statement timeout/i.test(message)
      ? {
          kind: 'timeout',
          retriable: true,
          code,
          reason: 'statement timeout reached on the server',
        }
      : { kind: 'server', retriable: false, code, reason: 'query cancelled on the server' };
  }
  const rule = byCode[code] ?? byClass[code.slice(0, 2)] ?? fatal('server');
  const reason = code.startsWith('22') ? message.replace(quoted, '"…"') : message;
  return { ...rule, code, reason: reason.slice(0, 200) || `SQLSTATE ${code}` };
}

/** pg's own errors carry no code; their messages are stable across pg 8 releases. */
function fromDriverMessage(message: string): Classification {
  if (/timeout exceeded when trying to connect/i.test(message)) {
    const reason = 'no pool connection came free in time';
    return { kind: 'connection', retriable: true, neverSent: true, reason };
  }
  if (/connection timeout|timeout expired/i.test(message)) {
    return { kind: 'connection', retriable: true, neverSent: true, reason: 'connect timed out' };
  }
  if (/not queryable/i.test(message)) {
    // pg refused the query locally: the connection was already broken or closing.
    const reason = 'connection unusable; the statement was not sent';
    return { kind: 'connection', retriable: true, neverSent: true, reason };
  }
  if (/after calling end on the pool/i.test(message)) {
    return { kind: 'client', retriable: false, neverSent: true, reason: 'the pool is closed' };
  }
  if (/Connection terminated/i.test(message)) {
    return { kind: 'connection', retriable: true, reason: 'connection terminated unexpectedly' };
  }
  // Retrying what we do not understand multiplies load for no known gain.
  return { kind: 'server', retriable: false, reason: message.slice(0, 200) || 'unknown error' };
}

/**
 * Maps what `pg` throws to a classification: Node network errors by errno code, server errors
 * by SQLSTATE (class 08, 57P01-57P03 and 53300 retriable; class 28 auth; classes 42, 22 and 23
 * the caller's to fix; 40001 and 40P01 rolled back, so safe to rerun), and pg's own
 * connection and pool errors by message. A failure before the statement was sent
 * ({@link PostgresNotSentError}) is marked `neverSent`. Never throws.
 */
export function classifyPostgres(error: unknown): Classification {
  if (error instanceof PostgresNotSentError) {
    return { ...classifyPostgres(error.cause), neverSent: true };
  }
  const network = classifyNetworkError(error);
  if (network) return network;
  if (typeof error !== 'object' || error === null) {
    return { kind: 'server', retriable: false, reason: 'unknown error' };
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string' && sqlState.test(code)) {
    const classification = fromSqlState(code, text);
    maskServerError(error, code);
    return classification;
  }
  const driver = fromDriverMessage(text);
  if (driver.kind === 'server' && isCallbackError(error)) {
    // Not the database's doing: the caller's transaction callback failed on its own.
    const reason = `the transaction callback threw: ${text.slice(0, 160) || 'an error'}`;
    return { kind: 'client', retriable: false, reason };
  }
  return driver;
}
