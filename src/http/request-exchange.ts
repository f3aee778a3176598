import type { Dispatcher } from 'undici';
import type { CallOptions } from '../core/pipeline-options.ts';
import { idempotencyKeyHeader, idempotentMethods } from './http-defaults.ts';
import type { RequestOptions } from './http-options.ts';
import type { ExchangeFacts } from './http-status-error.ts';
import { checkMethod } from './request-parts.ts';
import { requestFacts, type TargetCache } from './request-target.ts';

/** One request, checked and resolved: what to dispatch, and the pipeline's call options. */
export interface Exchange {
  readonly facts: ExchangeFacts;
  readonly dispatch: Dispatcher.DispatchOptions;
  readonly call: CallOptions;
}

/**
 * Checks and resolves one request and its call options, before any I/O: a bad method or path
 * throws a TypeError. A request is retried when its body can be sent again and its method (or
 * an Idempotency-Key, or the caller's word) makes a repeat safe.
 */
export function resolveExchange(
  targets: TargetCache,
  method: string,
  path: string,
  options: RequestOptions,
  headers: Readonly<Record<string, string>>,
): Exchange {
  const verb = checkMethod(method);
  const target = targets.get(path);
  const facts = requestFacts(target, verb);
  const replayable =
    options.body === undefined ||
    typeof options.body === 'string' ||
    options.body instanceof Uint8Array;
  const idempotent =
    replayable &&
    (options.idempotent ?? (idempotentMethods.has(verb) || idempotencyKeyHeader in headers));
  return {
    facts: { method: verb, shown: target.shown },
    dispatch: {
      origin: target.origin,
      path: target.path,
      method: verb as Dispatcher.HttpMethod,
      headers,
      body: options.body ?? null,
    },
    call: {
      operation: options.operation ?? facts.operation,
      idempotent,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      attemptTimeoutMs: options.attemptTimeoutMs,
      context: facts.context,
    },
  };
}
