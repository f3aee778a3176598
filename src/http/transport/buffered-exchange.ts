import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { attemptAbortReason, attemptAborted, onAttemptAbort } from '../../core/attempt/index.ts';
import type { Attempt } from '../../core/attempt/index.ts';
import { drainLimitBytes, errorBodyPreviewBytes } from '../http-defaults.ts';
import { bufferedResponse, type HttpResponse } from '../http-response.ts';
import { HttpStatusError, type ExchangeFacts } from '../http-status-error.ts';
import { previewText } from '../request-parts.ts';

/**
 * One request whose whole response is gathered into a Buffer by an undici dispatch handler.
 * A caller who wants the body in full gains nothing from undici's `request()`, whose body is
 * a Readable stream with its buffering, events and promise to read it back out: gathering the
 * chunks as they arrive costs a fraction of that, and the socket is back in the pool the
 * moment the last chunk is in. An error status rejects with an HttpStatusError carrying the
 * start of its body; a body past `drainLimitBytes` is not read to its end, and its socket is
 * given up. The attempt's abort (its timeout, the deadline, the caller) aborts the request,
 * whether it is on a socket already or still queued for one.
 *
 * Relies on undici 7's `Dispatcher.dispatch` with the new handler API (`onRequestStart`,
 * `onResponseStart`, `onResponseData`, `onResponseEnd`, `onResponseError`, and the
 * controller's `abort`).
 */
class GatheringHandler implements Dispatcher.DispatchHandler {
  readonly promise: Promise<HttpResponse>;
  readonly #facts: ExchangeFacts;
  #resolve: (response: HttpResponse) => void = noop;
  #reject: (reason: unknown) => void = noop;
  #controller: Dispatcher.DispatchController | undefined;
  #abortReason: unknown;
  #aborted = false;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(attempt: Attempt, facts: ExchangeFacts) {
    this.#facts = facts;
    this.promise = new Promise<HttpResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    onAttemptAbort(attempt, () => this.#abort(attemptAbortReason(attempt)));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Aborted while it waited for a socket: it goes no further.
    if (this.#aborted) controller.abort(asError(this.#abortReason));
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#status < 400) {
      this.#chunks.push(chunk);
      return;
    }
    // Of an error body only its start is kept, for the error's preview; the rest is drained.
    if (this.#size - chunk.length < errorBodyPreviewBytes) this.#chunks.push(chunk);
    // An error body this big is not worth its socket: what we have is enough to show.
    if (this.#size > drainLimitBytes) {
      this.#settleError();
      controller.abort(new Error('error response body too large to drain'));
    }
  }

  onResponseEnd(): void {
    if (this.#status >= 400) return this.#settleError();
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#size);
    this.#resolve(bufferedResponse(this.#status, this.#headers, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#reject(error);
  }

  #settleError(): void {
    const start = Buffer.concat(this.#chunks).toString('utf8');
    this.#reject(
      HttpStatusError.answering(this.#facts, this.#status, this.#headers, previewText(start)),
    );
  }

  #abort(reason: unknown): void {
    this.#aborted = true;
    this.#abortReason = reason;
    this.#controller?.abort(asError(reason));
    this.#reject(reason);
  }
}

function noop(): void {}

/** undici aborts with an Error; a caller may abort with any value. */
function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Sends `request` through `dispatcher` within `attempt` and gathers the whole response. */
export function bufferedExchange(
  dispatcher: Dispatcher,
  request: Dispatcher.DispatchOptions,
  attempt: Attempt,
  facts: ExchangeFacts,
): Promise<HttpResponse> {
  if (attemptAborted(attempt)) return Promise.reject(attemptAbortReason(attempt));
  const handler = new GatheringHandler(attempt, facts);
  dispatcher.dispatch(request, handler);
  return handler.promise;
}
