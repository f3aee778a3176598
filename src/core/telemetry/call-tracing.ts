import {
  context,
  trace,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { Attempt, Operation } from '../attempt/attempt.ts';
import type { CallOptions, SpanConventions } from '../pipeline-options.ts';
import type { AttemptEvent, CallEvent, PipelineEvent } from '../pipeline-events.ts';

/** Spans of the attempts running now, for {@link annotateAttempt}. */
const attemptSpans = new WeakMap<Attempt, Span>();

/**
 * Adds what only the operation learns (an HTTP response's status) to the span of `attempt`;
 * does nothing when the call is not traced.
 */
export function annotateAttempt(attempt: Attempt, attributes: Attributes): void {
  attemptSpans.get(attempt)?.setAttributes(attributes);
}

/** `error.type` by the conventions: the upstream's code, an HTTP status, or else the kind. */
const errorType = (event: AttemptEvent | CallEvent): string =>
  event.code ??
  (event.type === 'attempt' && event.status !== undefined ? String(event.status) : undefined) ??
  event.kind ??
  'unknown';

/** The spans of one call: the call's own, and those of its attempts running now (two while hedged). */
class CallTrace {
  readonly #span: Span;
  readonly #context: Context;
  readonly #name: string;
  readonly #attributes: Attributes;
  readonly #tracer: Tracer;
  readonly #conventions: SpanConventions | undefined;
  readonly #attempts = new Map<number, Span>();
  #ended = false;

  constructor(
    tracer: Tracer,
    conventions: SpanConventions | undefined,
    span: Span,
    parent: Context,
    name: string,
    attributes: Attributes,
  ) {
    this.#tracer = tracer;
    this.#conventions = conventions;
    this.#span = span;
    this.#context = trace.setSpan(parent, span);
    this.#name = name;
    this.#attributes = attributes;
  }

  get context(): Context {
    return this.#context;
  }

  /** `operation`, run as a child span of the call's, which is active while the attempt runs. */
  wrap<T>(operation: Operation<T>): Operation<T> {
    return (attempt) => {
      const number = attempt.attempt;
      const attributes: Attributes = {
        ...this.#attributes,
        ...this.#conventions?.attempt?.(number),
        'bulwark.attempt': number,
      };
      const span = this.#tracer.startSpan(
        this.#name,
        { kind: SpanKind.CLIENT, attributes },
        this.#context,
      );
      this.#attempts.set(number, span);
      attemptSpans.set(attempt, span);
      return context.with(trace.setSpan(this.#context, span), operation, undefined, attempt);
    };
  }

  /** Puts one of the call's pipeline events on its spans. */
  record(event: PipelineEvent): void {
    switch (event.type) {
      case 'attempt':
        if (event.outcome === 'success') this.#endAttempt(event.attempt, {}, undefined);
        else {
          const attributes: Attributes = { 'error.type': errorType(event) };
          if (event.kind !== undefined) attributes['bulwark.error.kind'] = event.kind;
          if (event.status !== undefined) attributes['http.response.status_code'] = event.status;
          this.#endAttempt(event.attempt, attributes, event.code ?? event.kind);
        }
        break;
      case 'timeout': {
        const at = { 'bulwark.timeout.scope': event.scope, 'bulwark.timeout.ms': event.timeoutMs };
        (this.#attempts.get(event.attempt) ?? this.#span).addEvent('bulwark.timeout', at);
        break;
      }
      case 'retry': {
        const at: Attributes = {
          'bulwark.attempt': event.attempt,
          'bulwark.retry.delay_ms': event.delayMs,
          'bulwark.error.kind': event.kind,
        };
        if (event.code !== undefined) at['error.type'] = event.code;
        this.#span.addEvent('bulwark.retry', at);
        break;
      }
      case 'hedge': {
        const at = { 'bulwark.attempt': event.attempt, 'bulwark.hedge.after_ms': event.afterMs };
        this.#span.addEvent(`bulwark.hedge.${event.outcome}`, at);
        // The attempt that did not answer first was cancelled: no error of the upstream's.
        if (event.outcome !== 'sent') {
          const loser = event.outcome === 'won' ? event.attempt - 1 : event.attempt;
          this.#endAttempt(loser, { 'bulwark.hedge.cancelled': true }, undefined);
        }
        break;
      }
      case 'rejection':
        this.#span.addEvent('bulwark.rejection', { 'bulwark.rejection.kind': event.kind });
        break;
      case 'call':
        this.#endCall(event);
        break;
    }
  }

  /** Ends the spans of a call that settled without its `call` event (a bug of ours). */
  settle(): void {
    if (this.#ended) return;
    this.#endAttempts({ 'error.type': 'abandoned' }, 'abandoned');
    this.#span.end();
    this.#ended = true;
  }

  #endCall(event: CallEvent): void {
    if (this.#ended) return;
    // An attempt the caller's abort left has no `attempt` event of its own.
    this.#endAttempts({ 'error.type': event.kind ?? 'aborted' }, event.kind);
    const span = this.#span;
    span.setAttributes({ 'bulwark.attempts': event.attempts, 'bulwark.outcome': event.outcome });
    if (event.outcome !== 'success') {
      const attributes: Attributes = { 'error.type': errorType(event) };
      if (event.kind !== undefined) attributes['bulwark.error.kind'] = event.kind;
      if (event.giveUpReason !== undefined) attributes['bulwark.give_up'] = event.giveUpReason;
      span.setAttributes(attributes);
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.message ?? errorType(event) });
    }
    span.end();
    this.#ended = true;
  }

  /** Ends the spans of attempts still open as the call ends. */
  #endAttempts(attributes: Attributes, failure: string | undefined): void {
    for (const number of [...this.#attempts.keys()]) this.#endAttempt(number, attributes, failure);
  }

  #endAttempt(number: number, attributes: Attributes, failure: string | undefined): void {
    const span = this.#attempts.get(number);
    if (span === undefined) return;
    this.#attempts.delete(number);
    span.setAttributes(attributes);
    if (failure !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
    span.end();
  }
}

/**
 * A pipeline's tracing: each call is a span (kind INTERNAL, a child of the span active where
 * the call was made) with one child span per attempt (kind CLIENT, active while the attempt
 * runs, so the driver's own spans and propagated headers hang below it). Retries, rejections
 * and timeouts are events on them; failures set `error.type` and an error status.
 */
export class CallTracing {
  readonly #tracer: Tracer;
  readonly #service: string;
  readonly #conventions: SpanConventions | undefined;
  readonly #traces = new WeakMap<CallOptions, CallTrace>();

  constructor(tracer: Tracer, service: string, conventions: SpanConventions | undefined) {
    this.#tracer = tracer;
    this.#service = service;
    this.#conventions = conventions;
  }

  /** The spans of a traced call, by the call's options as {@link run} handed them on. */
  of(call: CallOptions): CallTrace | undefined {
    return this.#traces.get(call);
  }

  /** Runs `execute` with the call's span active, on options of its own to find the spans by. */
  run<T>(
    call: CallOptions,
    operation: Operation<T>,
    execute: (call: CallOptions, operation: Operation<T>) => Promise<T>,
  ): Promise<T> {
    const conventions = this.#conventions;
    const name = conventions?.name(call) ?? `${this.#service} ${call.operation}`;
    const attributes = conventions?.attributes(call) ?? {};
    const parent = context.active();
    const span = this.#tracer.startSpan(
      name,
      {
        kind: SpanKind.INTERNAL,
        attributes: {
          ...attributes,
          'bulwark.service': this.#service,
          'bulwark.operation': call.operation,
        },
      },
      parent,
    );
    const callTrace = new CallTrace(this.#tracer, conventions, span, parent, name, attributes);
    // Options of its own: a caller may pass one options object to concurrent calls.
    const traced: CallOptions = { ...call };
    this.#traces.set(traced, callTrace);
    const settle = (): void => callTrace.settle();
    const wrapped = callTrace.wrap(operation);
    const running = context.with(callTrace.context, () => execute(traced, wrapped));
    running.then(settle, settle);
    return running;
  }
}
