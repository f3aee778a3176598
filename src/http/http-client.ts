import type { IncomingHttpHeaders } from 'node:http';
import { annotateStatus, httpSpans, withStatusOnSpan } from './http-spans.ts';
import type { BulwarkClient } from '../core/bulwark-client.ts';
import type { Readable } from 'node:stream';
import { Agent } from 'undici';
import {
  createPipeline,
  type CircuitBreaker,
  type KeyedBreakers,
  type EventBus,
  type Pipeline,
  type PipelineEvent,
} from '../index.ts';
import { watchLinkProgress } from '../core/attempt/index.ts';
import { withClientCheck } from '../core/breaker/recovery-check.ts';
import { closedClientError } from '../core/closed-client-error.ts';
import { answersHead } from './answers-head.ts';
import { attemptDispatch } from './attempt-dispatch.ts';
import { classifyHttp } from './classify-http.ts';
import { defaultConnections, defaultHttpTimeout, drainLimitBytes } from './http-defaults.ts';
import { checkHttpOptions, type HttpClientOptions, type RequestOptions } from './http-options.ts';
import type { HttpResponse } from './http-response.ts';
import { bufferedExchange } from './transport/buffered-exchange.ts';
import { CountedSockets } from './transport/counted-sockets.ts';
import { HttpStatusError } from './http-status-error.ts';
import { lowercase, parseUrl, preview, withAccept } from './request-parts.ts';
import { resolveExchange, type Exchange } from './request-exchange.ts';
import { TargetCache } from './request-target.ts';

/**
 * A resilient HTTP client on undici: every request runs through the bulwark pipeline (retry,
 * breaker, rate limit, timeouts, bulkhead). Error statuses become UpstreamErrors; every
 * response body is read or discarded, so no socket is left behind. Each attempt's time bounds
 * undici's own timeouts and, with `deadlineHeader`, is sent to the server (see attemptDispatch).
 */
export class HttpClient implements BulwarkClient {
  readonly pipeline: Pipeline;
  readonly #agent: Agent;
  readonly #headers: Readonly<Record<string, string>>;
  /** The client's headers with `accept: application/json`, merged once for getJson. */
  readonly #jsonHeaders: Readonly<Record<string, string>>;
  readonly #targets: TargetCache;
  /** The agent's sockets, counting the bytes servers send (slow, not gone). */
  readonly #sockets = new CountedSockets();
  /** Whether calls are traced: then each attempt's span learns the answer's status. */
  readonly #traced: boolean;
  /** The header that tells the server the attempt's time, when the options name one. */
  readonly #deadlineHeader: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: HttpClientOptions = {}) {
    checkHttpOptions(options);
    const { baseUrl, headers, connections, deadlineHeader, service, recoveryCheck, ...policies } =
      options;
    this.#deadlineHeader = deadlineHeader?.toLowerCase();
    const base = baseUrl === undefined ? undefined : parseUrl(baseUrl, 'baseUrl');
    this.#targets = new TargetCache(base);
    this.#headers = lowercase(headers ?? {});
    this.#jsonHeaders = { ...this.#headers, ...acceptJson };
    this.#traced = policies.tracer !== undefined;
    this.#agent = new Agent({
      connections: connections ?? defaultConnections,
      connect: this.#sockets.connect,
    });
    this.pipeline = createPipeline({
      timeout: defaultHttpTimeout,
      ...policies,
      service: service ?? base?.host ?? 'http',
      classify: classifyHttp,
      spans: httpSpans,
      recoveryCheck: withClientCheck(recoveryCheck, (signal) =>
        answersHead(this.#agent, this.#targets.lastOrigin, signal),
      ),
    });
  }

  /** The upstream's name in errors, events and logs (default: the base URL's host). */
  get service(): string {
    return this.pipeline.service;
  }

  /** Every attempt, retry, rejection, timeout, breaker transition and outcome (for `attachLogger`). */
  get events(): EventBus<PipelineEvent> {
    return this.pipeline.events;
  }

  /** The circuit breaker, to read its state or isolate/reset it by hand; undefined when keyed. */
  get breaker(): CircuitBreaker | undefined {
    return this.pipeline.breaker;
  }

  /** A keyed breaker's circuits, one per key (`breaker: { keyed }`); undefined otherwise. */
  get breakers(): KeyedBreakers | undefined {
    return this.pipeline.breakers;
  }

  /** Sends a request and reads its body in full; an error status throws an UpstreamError. */
  request(method: string, path: string, options: RequestOptions = {}): Promise<HttpResponse> {
    return this.#buffered(method, path, options, this.#merged(options));
  }

  /**
   * Sends a request and hands the body stream to `consume` within the attempt (so a timeout
   * aborts the body too). Whatever `consume` leaves unread is discarded, so the socket goes
   * back to the pool.
   */
  stream<T>(
    method: string,
    path: string,
    options: RequestOptions,
    consume: (status: number, headers: IncomingHttpHeaders, body: Readable) => Promise<T>,
  ): Promise<T> {
    let exchange: Exchange;
    try {
      exchange = this.#exchange(method, path, options, this.#merged(options));
    } catch (error) {
      return Promise.reject(error);
    }
    const { facts, dispatch } = exchange;
    const bytesReceived = this.#sockets.bytesReceived;
    const deadlineHeader = this.#deadlineHeader;
    return this.pipeline.execute(async (attempt) => {
      watchLinkProgress(attempt, bytesReceived);
      const sent = attemptDispatch(dispatch, attempt.timeoutMs, deadlineHeader);
      const response = await this.#agent.request({ ...sent, signal: attempt.signal });
      const { statusCode, headers, body } = response;
      if (this.#traced) annotateStatus(attempt, statusCode);
      try {
        if (statusCode >= 400) {
          throw HttpStatusError.answering(facts, statusCode, headers, await preview(body));
        }
        return await consume(statusCode, headers, body);
      } finally {
        // Read or not, the body is finished here: its socket returns to the pool.
        if (!body.destroyed && !body.readableEnded) {
          await body.dump({ limit: drainLimitBytes }).catch(() => undefined);
        }
      }
    }, exchange.call);
  }

  /** A request whose response is read in full, by a handler that gathers it as it arrives. */
  #buffered(
    method: string,
    path: string,
    options: RequestOptions,
    headers: Readonly<Record<string, string>>,
  ): Promise<HttpResponse> {
    let exchange: Exchange;
    try {
      exchange = this.#exchange(method, path, options, headers);
    } catch (error) {
      return Promise.reject(error);
    }
    const { dispatch, facts } = exchange;
    const agent = this.#agent;
    const bytesReceived = this.#sockets.bytesReceived;
    const traced = this.#traced;
    const deadlineHeader = this.#deadlineHeader;
    return this.pipeline.execute((attempt) => {
      watchLinkProgress(attempt, bytesReceived);
      const sent = attemptDispatch(dispatch, attempt.timeoutMs, deadlineHeader);
      const exchanged = bufferedExchange(agent, sent, attempt, facts);
      return traced ? exchanged.then((response) => withStatusOnSpan(attempt, response)) : exchanged;
    }, exchange.call);
  }

  /** The request's headers: the client's, with the call's (lowercased) over them. */
  #merged(options: RequestOptions): Readonly<Record<string, string>> {
    return options.headers ? { ...this.#headers, ...lowercase(options.headers) } : this.#headers;
  }

  /**
   * Checks and resolves one request and its call options, before any I/O: a bad one throws a
   * TypeError; any request once the client is closed throws the closed-client error.
   */
  #exchange(
    method: string,
    path: string,
    options: RequestOptions,
    headers: Readonly<Record<string, string>>,
  ): Exchange {
    const exchange = resolveExchange(this.#targets, method, path, options, headers);
    if (this.#closing !== undefined) {
      throw closedClientError(this.pipeline.service, exchange.call.operation);
    }
    return exchange;
  }

  get(path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.request('GET', path, options);
  }

  head(path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.request('HEAD', path, options);
  }

  delete(path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.request('DELETE', path, options);
  }

  put(path: string, body: RequestOptions['body'], options?: RequestOptions): Promise<HttpResponse> {
    return this.request('PUT', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  post(
    path: string,
    body: RequestOptions['body'],
    options?: RequestOptions,
  ): Promise<HttpResponse> {
    return this.request('POST', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  patch(
    path: string,
    body: RequestOptions['body'],
    options?: RequestOptions,
  ): Promise<HttpResponse> {
    return this.request('PATCH', path, { ...options, ...(body === undefined ? {} : { body }) });
  }

  /** GET a JSON document. */
  async getJson<T = unknown>(path: string, options: RequestOptions = noOptions): Promise<T> {
    const headers = options.headers
      ? { ...this.#headers, ...withAccept(options).headers }
      : this.#jsonHeaders;
    return (await this.#buffered('GET', path, options, headers)).json<T>();
  }

  /** Send `value` as JSON with `method` (POST by default) and parse the JSON answer. */
  async sendJson<T = unknown>(
    path: string,
    value: unknown,
    options: RequestOptions & { method?: string } = {},
  ): Promise<T> {
    const { method = 'POST', ...rest } = options;
    const headers = { 'content-type': 'application/json', ...withAccept(rest).headers };
    const response = await this.request(method, path, {
      ...rest,
      headers,
      body: JSON.stringify(value),
    });
    return response.status === 204 || response.body.length === 0
      ? (undefined as T)
      : response.json<T>();
  }

  /** Connection counts per origin, to check that sockets go back to the pool. */
  get stats(): Readonly<Record<string, PoolStats>> {
    return this.#agent.stats as unknown as Record<string, PoolStats>;
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
    this.#closing ??= this.pipeline.close().then(() => {
      this.pipeline.dispose();
      return this.#agent.close();
    });
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** One origin's sockets and requests, as undici counts them. */
type PoolStats = { connected: number; free: number; pending: number; running: number };

const acceptJson: Readonly<Record<string, string>> = { accept: 'application/json' };

const noOptions: RequestOptions = {};

/** Makes an HTTP client; options are validated here, before any I/O. */
export function createHttpClient(options?: HttpClientOptions): HttpClient {
  return new HttpClient(options);
}
