import type { Classification } from '../core/classification.ts';
import { classifyDefault, classifyNetworkError } from '../core/classify-default.ts';
import { isRedisConnectionError } from './redis-connection-error.ts';

/** ioredis's rejection of a command sent while not connected (enableOfflineQueue: false). */
export const notWritableMessage = "Stream isn't writeable and enableOfflineQueue options is false";
/** ioredis's rejection of the commands in flight (or sent) when the connection ended. */
export const connectionClosedMessage = 'Connection is closed.';

/**
 * Reply errors by their first word. Redis refuses these for now and would take the same
 * command later: retriable (and counted against the breaker: the server is unwell).
 */
const retriableReplies: Readonly<Record<string, string>> = {
  LOADING: 'Redis is loading its data set',
  BUSY: 'Redis is busy running a script or function',
  TRYAGAIN: 'keys are being moved between cluster nodes',
  CLUSTERDOWN: 'the cluster is down',
  MASTERDOWN: 'the replica lost its link to the primary',
  // A failover demoted the node we write to; a reconnect may reach the new primary.
  READONLY: 'the node is a read-only replica',
};

/** What ioredis's Cluster says when it cannot route a command yet (never sent). */
const clusterNotReady =
  /^(Cluster isn't ready|Failed to refresh slots cache|None of startup nodes is available)/;

/** Credentials refused: the same call cannot succeed until someone fixes them. */
const authReplies: Readonly<Record<string, string>> = {
  NOAUTH: 'authentication required (NOAUTH)',
  WRONGPASS: 'wrong username or password (WRONGPASS)',
  NOPERM: 'not permitted by the ACL (NOPERM)',
};

function isReplyError(error: unknown): error is Error {
  // By name, not instanceof: ioredis's RESP3 errors subclass redis-errors' ReplyError, and
  // another installed copy of either would fail an instanceof check.
  return error instanceof Error && error.name === 'ReplyError';
}

/** The first line of a server message, short enough for a log line. */
function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return (end === -1 ? message : message.slice(0, end)).trim().slice(0, 200);
}

/** Classifies a Redis error reply (`-WRONGTYPE ...`) by its first word. */
export function classifyReply(message: string): Classification {
  const space = message.indexOf(' ');
  const code = space === -1 ? message : message.slice(0, space);
  const retriable = retriableReplies[code];
  if (retriable !== undefined) return { kind: 'server', retriable: true, code, reason: retriable };
  const auth = authReplies[code];
  // The server's text is left out for auth: a fixed reason cannot carry a secret.
  if (auth !== undefined) return { kind: 'auth', retriable: false, code, reason: auth };
  if (code === 'ERR' && /max(imum)? number of clients/i.test(message)) {
    return { kind: 'throttled', retriable: true, code, reason: 'too many clients' };
  }
  // OOM (maxmemory reached) will not clear by retrying within a call.
  if (code === 'OOM') return { kind: 'server', retriable: false, code, reason: firstLine(message) };
  // WRONGTYPE, ERR syntax / unknown command / wrong arguments, EXECABORT, NOSCRIPT, ...: the
  // command is wrong, and sending it again cannot help.
  if (/^[A-Z]+$/.test(code))
    return { kind: 'client', retriable: false, code, reason: firstLine(message) };
  return { kind: 'server', retriable: false, reason: firstLine(message) };
}

/**
 * Maps what ioredis throws to bulwark's kinds. Reply errors by their first word (LOADING,
 * BUSY, TRYAGAIN, CLUSTERDOWN, MASTERDOWN, READONLY retriable; NOAUTH, WRONGPASS auth;
 * WRONGTYPE and ERR client), connection failures as `connection` with `neverSent` only when
 * the command provably never left, and the rest as the core's default does.
 */
export function classifyRedis(error: unknown): Classification {
  if (isReplyError(error)) return classifyReply(error.message);
  if (isRedisConnectionError(error)) {
    const network = classifyNetworkError(error.cause);
    // A refused certificate is no connection trouble: keep its kind (auth, not retried).
    if (network?.kind === 'auth')
      return { ...network, reason: `${error.message}: ${network.reason}` };
    return {
      kind: 'connection',
      retriable: true,
      neverSent: error.neverSent,
      code: network?.code ?? error.code,
      reason: network ? `${error.message}: ${network.reason ?? 'network error'}` : error.message,
    };
  }
  if (error instanceof Error) {
    if (error.name === 'RedisClientClosedError') {
      return { kind: 'client', retriable: false, reason: 'the client is closed' };
    }
    // Thrown by ioredis before the command was written: it never left.
    if (error.message === notWritableMessage) {
      return { kind: 'connection', retriable: true, neverSent: true, reason: 'not connected' };
    }
    // The command may have been written before the connection ended: it may have run.
    if (error.message === connectionClosedMessage || error.name === 'AbortError') {
      return { kind: 'connection', retriable: true, reason: 'connection closed' };
    }
    // A Cluster whose slots are unknown (starting, or every node gone): nothing was sent.
    if (clusterNotReady.test(error.message)) {
      return { kind: 'connection', retriable: true, neverSent: true, reason: 'cluster not ready' };
    }
    // Redirected until ioredis gave up (slots moving in a failover): it may have run.
    if (error.message.startsWith('Too many Cluster redirections')) {
      return { kind: 'connection', retriable: true, reason: 'too many cluster redirections' };
    }
    if (error.name === 'MaxRetriesPerRequestError') {
      return { kind: 'connection', retriable: true, reason: 'connection lost' };
    }
    // ioredis's own commandTimeout, should a caller's ioredis set one.
    if (error.message === 'Command timed out') {
      return { kind: 'timeout', retriable: true, reason: 'command timed out' };
    }
  }
  return classifyDefault(error);
}
