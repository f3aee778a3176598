// What the observability category reads a client's telemetry with: the OpenTelemetry SDK's own
// in-memory span exporter and a metric reader collected on demand, as an application's would be.
import { SpanKind, type Attributes, type Tracer } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { EventBus, Subscription } from '../../core/event-bus.ts';
import type { PipelineEvent } from '../../core/pipeline-events.ts';
import { attachMetrics } from '../../core/telemetry/attach-metrics.ts';

/** A tracer whose finished spans the test reads back. */
export interface SpanRecorder {
  readonly tracer: Tracer;
  /** The calls' spans (kind INTERNAL), in the order they ended. */
  calls(): ReadableSpan[];
  /** The attempt spans (kind CLIENT) whose parent is `call`. */
  attemptsOf(call: ReadableSpan): ReadableSpan[];
  /** Every finished span. */
  all(): ReadableSpan[];
}

export function recordSpans(): SpanRecorder {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const all = () => exporter.getFinishedSpans();
  return {
    tracer: provider.getTracer('bulwark-conformance'),
    all,
    calls: () => all().filter((span) => span.kind === SpanKind.INTERNAL),
    attemptsOf: (call) =>
      all().filter(
        (span) =>
          span.kind === SpanKind.CLIENT &&
          span.parentSpanContext?.spanId === call.spanContext().spanId,
      ),
  };
}

/** A reader the test collects from when it wants, instead of on a timer. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** One data point: its attributes, and its value (a number, or a histogram's summary). */
export interface MetricPoint {
  readonly attributes: Attributes;
  readonly value: unknown;
}

/** `attachMetrics` on a client's events, into a meter provider of the test's own. */
export interface MetricRecorder extends Subscription {
  /** The data points of each metric, by name, as an exporter would receive them now. */
  collect(): Promise<Map<string, MetricPoint[]>>;
}

export function recordMetrics(events: EventBus<PipelineEvent>): MetricRecorder {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  const subscription = attachMetrics(events, { meter: provider.getMeter('bulwark-conformance') });
  return {
    dispose: () => subscription.dispose(),
    [Symbol.dispose]: () => subscription.dispose(),
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new AggregateError(errors, 'collecting metrics failed');
      const byName = new Map<string, MetricPoint[]>();
      for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
        const points = (metric.dataPoints as Array<DataPoint<unknown>>).map(
          ({ attributes, value }) => ({ attributes, value }),
        );
        byName.set(metric.descriptor.name, points);
      }
      return byName;
    },
  };
}
