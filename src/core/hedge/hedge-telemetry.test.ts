import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../attempt/attempt.ts';
import { call, settle, setup } from '../pipeline.test-helpers.ts';
import { attachMetrics } from '../telemetry/attach-metrics.ts';
import { toLogRecord } from '../telemetry/log-record.ts';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** A traced, metered pipeline that hedges; one call whose first attempt answers after 500 ms. */
async function hedgedCall() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new CollectingReader();
  const meters = new MeterProvider({ readers: [reader] });
  const made = setup({
    tracer: provider.getTracer('test'),
    hedge: { floorMs: 20 },
    breaker: false,
  });
  const { clock, pipeline, events } = made;
  using _metrics = attachMetrics(pipeline.events, { meter: meters.getMeter('test') });
  const operation = ({ attempt, signal }: Attempt) =>
    new Promise<string>((resolve, reject) => {
      const slow = attempt === 1 && events.filter((e) => e.type === 'call').length === 20;
      const timer = clock.setTimeout(() => resolve(`answer of ${attempt}`), slow ? 500 : 5);
      signal.addEventListener('abort', () => {
        clock.clearTimeout(timer);
        reject(signal.reason as Error);
      });
    });
  for (let i = 0; i < 21; i++) {
    const pending = settle(pipeline.execute(operation, call));
    await clock.advance(i < 20 ? 5 : 25);
    expect(await pending).toMatchObject({ value: expect.any(String) });
  }
  const { resourceMetrics } = await reader.collect();
  const hedgeMetric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === 'bulwark.hedges');
  const points = (hedgeMetric?.dataPoints ?? []) as Array<DataPoint<number>>;
  return { spans: exporter.getFinishedSpans(), events, points };
}

describe('a hedge in the telemetry', () => {
  it('is on the spans: the call span has the hedge events, the beaten attempt ends cancelled, not failed', async () => {
    const { spans } = await hedgedCall();
    const last = spans.filter((span) => span.kind === SpanKind.INTERNAL).at(-1);
    expect(last?.events.map((event) => event.name)).toEqual([
      'bulwark.hedge.sent',
      'bulwark.hedge.won',
    ]);
    expect(last?.attributes['bulwark.attempts']).toBe(2);
    const attempts = spans.filter(
      (span) =>
        span.kind === SpanKind.CLIENT &&
        span.parentSpanContext?.spanId === last?.spanContext().spanId,
    );
    expect(attempts.map((span) => span.attributes['bulwark.attempt']).sort()).toEqual([1, 2]);
    const first = attempts.find((span) => span.attributes['bulwark.attempt'] === 1);
    expect(first?.attributes['bulwark.hedge.cancelled']).toBe(true);
    expect(first?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('is counted: one hedge sent, one won', async () => {
    const { points } = await hedgedCall();
    const byOutcome = Object.fromEntries(points.map((p) => [p.attributes['outcome'], p.value]));
    expect(byOutcome).toEqual({ sent: 1, won: 1 });
  });

  it('is logged: the hedge sent at info, saying how long the first attempt had gone unanswered', async () => {
    const { events } = await hedgedCall();
    const sent = events.find((event) => event.type === 'hedge' && event.outcome === 'sent');
    if (sent === undefined) throw new Error('no hedge was sent');
    const record = toLogRecord(sent);
    expect(record.level).toBe('info');
    expect(record.message).toBe(
      'svc.get hedge (attempt 2) sent: the first attempt had not answered in 20 ms',
    );
    expect(record.fields).toMatchObject({ event: 'bulwark.hedge', outcome: 'sent', attempt: 2 });
  });
});
