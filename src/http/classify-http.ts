import type { Classification } from '../core/classification.ts';
import {
  classifyDefault,
  classifyNetworkError,
  classifyStatus,
  findErrorCode,
} from '../core/classify-default.ts';
import { HttpStatusError } from './http-status-error.ts';

/** undici's own error codes, each with why it is (or is not) worth a retry. */
const undiciErrors: Readonly<Record<string, Classification>> = {
  // The TCP/TLS connect did not finish: the request was never sent.
  UND_ERR_CONNECT_TIMEOUT: {
    kind: 'connection',
    retriable: true,
    neverSent: true,
    reason: 'connect timed out',
  },
  // The server took too long to send headers, or stalled mid-body.
  UND_ERR_HEADERS_TIMEOUT: {
    kind: 'timeout',
    retriable: true,
    reason: 'response headers timed out',
  },
  UND_ERR_BODY_TIMEOUT: { kind: 'timeout', retriable: true, reason: 'response body timed out' },
  // The socket closed under the request ("other side closed").
  UND_ERR_SOCKET: {
    kind: 'connection',
    retriable: true,
    reason: 'connection closed by the server',
  },
  // A response that broke the protocol: a retry may reach a healthier instance.
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: {
    kind: 'server',
    retriable: true,
    reason: 'response body shorter than its Content-Length',
  },
  // Our own mistakes: the same request will fail the same way.
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: {
    kind: 'client',
    retriable: false,
    reason: 'request body does not match its Content-Length',
  },
  UND_ERR_INVALID_ARG: { kind: 'client', retriable: false, reason: 'invalid request' },
  // The client was closed: nothing more will go out through it.
  UND_ERR_CLOSED: { kind: 'client', retriable: false, reason: 'the HTTP client is closed' },
  UND_ERR_DESTROYED: { kind: 'client', retriable: false, reason: 'the HTTP client is destroyed' },
};

/**
 * Maps what an HTTP attempt throws to a classification: error statuses by RFC semantics (with
 * Retry-After), undici's errors by code, Node's network errors by the core's table.
 */
export function classifyHttp(error: unknown): Classification {
  if (error instanceof HttpStatusError) {
    const byStatus = classifyStatus(error.status, error.retryAfterMs);
    const said = error.bodyPreview ? `: ${error.bodyPreview}` : '';
    return { ...byStatus, code: String(error.status), reason: `${error.message}${said}` };
  }
  const code = findErrorCode(error);
  if (code !== undefined && code in undiciErrors)
    return { ...undiciErrors[code], code } as Classification;
  return classifyNetworkError(error) ?? classifyDefault(error);
}
