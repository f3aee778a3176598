import type { Classification } from './classification.ts';

/**
 * Default classification of Node's network errors, by `code`. Written out one per line, each
 * with why it is (or is not) safe to retry.
 */
const networkErrors: Readonly<Record<string, Classification>> = {
  // The peer closed the connection mid-request; it may have processed it.
  ECONNRESET: { kind: 'connection', retriable: true, reason: 'connection reset' },
  // Nothing listens there (yet): the request was never sent.
  ECONNREFUSED: {
    kind: 'connection',
    retriable: true,
    neverSent: true,
    reason: 'connection refused',
  },
  // The connect or the socket timed out at the OS level.
  ETIMEDOUT: { kind: 'connection', retriable: true, reason: 'connection timed out' },
  // We wrote to a socket the peer had already closed.
  EPIPE: { kind: 'connection', retriable: true, reason: 'broken pipe' },
  ECONNABORTED: { kind: 'connection', retriable: true, reason: 'connection aborted' },
  // DNS: a temporary failure, and a name that does not resolve (often transient in clusters).
  EAI_AGAIN: {
    kind: 'connection',
    retriable: true,
    neverSent: true,
    reason: 'DNS lookup failed temporarily',
  },
  ENOTFOUND: { kind: 'connection', retriable: true, neverSent: true, reason: 'host not found' },
  // No route: the packet never left.
  EHOSTUNREACH: {
    kind: 'connection',
    retriable: true,
    neverSent: true,
    reason: 'host unreachable',
  },
  ENETUNREACH: {
    kind: 'connection',
    retriable: true,
    neverSent: true,
    reason: 'network unreachable',
  },
  EHOSTDOWN: { kind: 'connection', retriable: true, neverSent: true, reason: 'host down' },
  ENETDOWN: { kind: 'connection', retriable: true, neverSent: true, reason: 'network down' },
};

/** The code of the first error in the cause chain (or an AggregateError's members) that has one. */
export function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code in networkErrors) return code;
  if (error instanceof AggregateError) {
    for (const member of error.errors) {
      const found = findErrorCode(member, depth + 1);
      if (found) return found;
    }
  }
  const nested = findErrorCode((error as { cause?: unknown }).cause, depth + 1);
  return nested ?? (typeof code === 'string' ? code : undefined);
}

/**
 * The server's TLS certificate was refused (an unknown CA, an expired certificate, another
 * name): a configuration to fix, on our side or the server's. No retry helps, and it is no
 * sign of an outage, so it never counts against the breaker. Nothing was sent.
 */
const refusedCertificates: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Classifies a Node network error by its code; undefined when it is not one. */
export function classifyNetworkError(error: unknown): Classification | undefined {
  const code = findErrorCode(error);
  if (code !== undefined && code in networkErrors) {
    return { ...networkErrors[code], code } as Classification;
  }
  if (code !== undefined && refusedCertificates.has(code)) {
    const reason = `the server's TLS certificate was refused (${code})`;
    return { kind: 'auth', retriable: false, neverSent: true, code, reason };
  }
  if (error instanceof Error && /socket hang up/i.test(error.message)) {
    return {
      kind: 'connection',
      retriable: true,
      reason: 'socket hang up',
      code: code ?? 'ECONNRESET',
    };
  }
  return undefined;
}

/**
 * Classifies an HTTP-like status. 408, 425, 429 and the 5xx that mean "not now" are retriable;
 * other 4xx are the caller's to fix; 501 and 505 will not change on retry.
 */
export function classifyStatus(status: number, retryAfterMs?: number): Classification {
  const hint = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 401 || status === 403)
    return { kind: 'auth', retriable: false, status, reason: `HTTP ${status}` };
  if (status === 404 || status === 410)
    return { kind: 'not_found', retriable: false, status, reason: `HTTP ${status}` };
  if (status === 408)
    return { kind: 'timeout', retriable: true, status, reason: 'HTTP 408 request timeout' };
  if (status === 425 || status === 429)
    return { kind: 'throttled', retriable: true, status, reason: `HTTP ${status}`, ...hint };
  if (status === 503)
    return {
      kind: 'throttled',
      retriable: true,
      status,
      reason: 'HTTP 503 service unavailable',
      ...hint,
    };
  if (status === 501 || status === 505)
    return { kind: 'server', retriable: false, status, reason: `HTTP ${status}` };
  if (status >= 500)
    return { kind: 'server', retriable: true, status, reason: `HTTP ${status}`, ...hint };
  return { kind: 'client', retriable: false, status, reason: `HTTP ${status}` };
}

/** Reads a status from the usual places drivers put it. */
export function findStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    status?: unknown;
    statusCode?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  for (const value of [
    candidate.status,
    candidate.statusCode,
    candidate.$metadata?.httpStatusCode,
  ]) {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599)
      return value;
  }
  return undefined;
}

/**
 * The classification used when a client supplies none: network errors by code, then an
 * HTTP-like status, else an unknown server-side failure that is not retried (retrying what we
 * do not understand multiplies load for no known gain).
 */
export function classifyDefault(error: unknown): Classification {
  const network = classifyNetworkError(error);
  if (network) return network;
  const status = findStatus(error);
  if (status !== undefined) return classifyStatus(status);
  const code = findErrorCode(error);
  return {
    kind: 'server',
    retriable: false,
    code,
    reason: error instanceof Error ? error.message.slice(0, 200) : 'unknown error',
  };
}
