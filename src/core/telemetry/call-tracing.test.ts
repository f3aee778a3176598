import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineOptions } from '../pipeline-options.ts';
import {
  badRequest,
  call,
  failing,
  hanging,
  refused,
  settle,
  setup,
} from '../pipeline.test-helpers.ts';
import { annotateAttempt } from './call-tracing.ts';

const contextManager = new AsyncLocalStorageContextManager();
beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  contextManager.disable();
  context.disable();
});

/** A pipeline tracing into an in-memory exporter, and the spans it finished. */
function traced(overrides: Partial<PipelineOptions> = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const made = setup({ tracer, ...overrides });
  const spans = (): ReadableSpan[] => exporter.getFinishedSpans();
  const named = (kind: SpanKind) => spans().filter((span) => span.kind === kind);
  return {
    ...made,
    tracer,
    spans,
    calls: () => named(SpanKind.INTERNAL),
    attempts: () => named(SpanKind.CLIENT),
  };
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing: a span per call, a child span per attempt', () => {
  it('makes a call that succeeds at once one INTERNAL span with one CLIENT child', async () => {
    const { pipeline, calls, attempts } = traced();
    await expect(pipeline.execute(failing().operation, call)).resolves.toBe('ok on attempt 1');
    const [span] = calls();
    expect(calls()).toHaveLength(1);
    expect(span?.name).toBe('svc get');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'bulwark.service': 'svc',
      'bulwark.operation': 'get',
      'bulwark.attempts': 1,
      'bulwark.outcome': 'success',
    });
    expect(attempts()).toHaveLength(1);
    expect(attempts().map(parentOf)).toEqual([span?.spanContext().spanId]);
    expect(attempts()[0]?.attributes['bulwark.attempt']).toBe(1);
  });

  it('puts retries on the call span and a failed attempt span before each', async () => {
    const { pipeline, clock, calls, attempts } = traced();
    const running = settle(pipeline.execute(failing(refused, refused).operation, call));
    await clock.advance(100);
    await clock.advance(200);
    expect((await running).value).toBe('ok on attempt 3');
    const [span] = calls();
    const retries = span?.events.filter((e) => e.name === 'bulwark.retry') ?? [];
    expect(retries.map((e) => e.attributes?.['bulwark.retry.delay_ms'])).toEqual([100, 200]);
    expect(retries.map((e) => e.attributes?.['error.type'])).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
    ]);
    expect(attempts().map((a) => [a.attributes['bulwark.attempt'], a.status.code])).toEqual([
      [1, SpanStatusCode.ERROR],
      [2, SpanStatusCode.ERROR],
      [3, SpanStatusCode.UNSET],
    ]);
    expect(attempts()[0]?.attributes['error.type']).toBe('ECONNREFUSED');
    expect(span?.attributes['bulwark.attempts']).toBe(3);
  });

  it('ends a failed call in an error status with error.type, the message and why it gave up', async () => {
    const { pipeline, calls, attempts } = traced();
    const { error } = await settle(pipeline.execute(failing(badRequest).operation, call));
    const [span] = calls();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    expect(span?.attributes).toMatchObject({
      'error.type': 'client',
      'bulwark.error.kind': 'client',
      'bulwark.give_up': 'not_retriable',
      'bulwark.outcome': 'failure',
    });
    expect(attempts()[0]?.attributes).toMatchObject({
      'error.type': '400',
      'http.response.status_code': 400,
    });
  });

  it('shows a breaker rejection on the call span, with no attempt span', async () => {
    const { pipeline, calls, attempts } = traced({
      retry: false,
      breaker: { consecutiveFailures: 1 },
    });
    await settle(pipeline.execute(failing(refused).operation, call));
    await settle(pipeline.execute(failing().operation, call));
    const rejected = calls()[1];
    expect(rejected?.events.map((e) => [e.name, e.attributes?.['bulwark.rejection.kind']])).toEqual(
      [['bulwark.rejection', 'circuit_open']],
    );
    expect(rejected?.attributes['error.type']).toBe('circuit_open');
    expect(attempts()).toHaveLength(1);
  });

  it('shows an attempt timeout on the attempt span, and the deadline on the call', async () => {
    const { pipeline, clock, calls, attempts } = traced({
      retry: { maxAttempts: 2, backoff: { jitter: 'none', initialDelayMs: 10 }, budget: false },
      timeout: { attemptMs: 100, totalMs: 150 },
    });
    const running = settle(pipeline.execute(hanging, call));
    await clock.advance(100);
    await clock.advance(10);
    await clock.advance(40);
    await running;
    const timeouts = attempts().map((a) =>
      a.events.map((e) => e.attributes?.['bulwark.timeout.scope']),
    );
    expect(timeouts).toEqual([['attempt'], ['deadline']]);
    expect(attempts().map((a) => a.attributes['error.type'])).toEqual(['timeout', 'timeout']);
    expect(calls()[0]?.attributes['bulwark.give_up']).toBe('deadline');
  });

  it('ends the attempt span of a call the caller aborts', async () => {
    const { pipeline, calls, attempts } = traced();
    const controller = new AbortController();
    const running = settle(pipeline.execute(hanging, { ...call, signal: controller.signal }));
    await Promise.resolve();
    controller.abort(new Error('user went away'));
    await running;
    expect(attempts().map((a) => a.attributes['error.type'])).toEqual(['aborted']);
    expect(calls()[0]?.attributes['error.type']).toBe('aborted');
  });

  it("nests under the caller's active span, and makes the attempt's span active for the driver", async () => {
    const { pipeline, tracer, calls, attempts } = traced();
    let activeInAttempt: string | undefined;
    const outer = tracer.startSpan('request', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), outer), () =>
      pipeline.execute(async (attempt) => {
        await Promise.resolve();
        activeInAttempt = trace.getActiveSpan()?.spanContext().spanId;
        annotateAttempt(attempt, { 'http.response.status_code': 204 });
        return 'done';
      }, call),
    );
    outer.end();
    expect(calls().map(parentOf)).toEqual([outer.spanContext().spanId]);
    expect(activeInAttempt).toBe(attempts()[0]?.spanContext().spanId);
    expect(attempts()[0]?.attributes['http.response.status_code']).toBe(204);
  });

  it('gives concurrent calls that share one options object spans of their own', async () => {
    const { pipeline, clock, calls, attempts } = traced();
    const shared = { ...call };
    const both = Promise.all([
      settle(pipeline.execute(failing(refused).operation, shared)),
      settle(pipeline.execute(failing().operation, shared)),
    ]);
    await clock.advance(100);
    await both;
    const attemptsPerCall = calls().map(
      (span) => attempts().filter((a) => parentOf(a) === span.spanContext().spanId).length,
    );
    expect(attemptsPerCall.sort()).toEqual([1, 2]);
  });

  it('takes its names and attributes from the conventions it is given', async () => {
    const { pipeline, calls, attempts } = traced({
      spans: {
        name: (c) => `KV ${c.operation.toUpperCase()}`,
        attributes: () => ({ 'db.system.name': 'kv', 'server.port': 1234 }),
        attempt: (n) => (n > 1 ? { 'http.request.resend_count': n - 1 } : {}),
      },
    });
    await pipeline.execute(failing().operation, call);
    expect(calls()[0]?.name).toBe('KV GET');
    expect(attempts()[0]?.attributes).toMatchObject({
      'db.system.name': 'kv',
      'server.port': 1234,
    });
  });

  it('refuses a tracer that is not one, naming the option', () => {
    expect(() => setup({ tracer: {} as never })).toThrow(
      /option tracer must be an OpenTelemetry Tracer/,
    );
    expect(() => setup({ spans: { name: 'x' } as never })).toThrow(/spans\.name/);
  });
});
