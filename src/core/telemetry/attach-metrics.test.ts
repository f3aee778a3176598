import { metrics, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus, type Subscription } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import { attachMetrics } from './attach-metrics.ts';

/** A reader the test collects from on demand, instead of on a timer. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

type Point = { readonly attributes: Attributes; readonly value: unknown };

/** The data points of every metric the reader sees now, by name (and the unit). */
async function collect(
  reader: MetricReader,
): Promise<Map<string, { unit: string; points: Point[] }>> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  const byName = new Map<string, { unit: string; points: Point[] }>();
  for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
    const points = (metric.dataPoints as Array<DataPoint<unknown>>).map(
      ({ attributes, value }) => ({ attributes, value }),
    );
    byName.set(metric.descriptor.name, { unit: metric.descriptor.unit, points });
  }
  return byName;
}

const subscriptions: Subscription[] = [];

/** A bus with the metrics sink attached to a fresh provider, and the reader to collect from. */
function setup(useGlobal = false): { bus: EventBus<PipelineEvent>; reader: CollectingReader } {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ readers: [reader] });
  const bus = new EventBus<PipelineEvent>();
  if (useGlobal) metrics.setGlobalMeterProvider(provider);
  subscriptions.push(attachMetrics(bus, useGlobal ? {} : { meter: provider.getMeter('test') }));
  return { bus, reader };
}

afterEach(() => {
  for (const subscription of subscriptions.splice(0)) subscription.dispose();
  metrics.disable();
});

const s3 = { service: 's3', operation: 'getObject' } as const;

describe('attachMetrics', () => {
  it('counts calls by outcome, with the kind only when they did not succeed', async () => {
    const { bus, reader } = setup();
    bus.emit({ type: 'call', ...s3, outcome: 'success', attempts: 1, elapsedMs: 9 });
    bus.emit({ type: 'call', ...s3, outcome: 'success', attempts: 2, elapsedMs: 90 });
    bus.emit({
      type: 'call',
      ...s3,
      outcome: 'failure',
      attempts: 3,
      elapsedMs: 900,
      kind: 'connection',
    });
    bus.emit({
      type: 'call',
      ...s3,
      outcome: 'rejected',
      attempts: 0,
      elapsedMs: 0,
      kind: 'circuit_open',
    });

    const points = (await collect(reader)).get('bulwark.calls')?.points;
    expect(points).toHaveLength(3);
    expect(points).toEqual(
      expect.arrayContaining([
        { attributes: { ...s3, outcome: 'success' }, value: 2 },
        { attributes: { ...s3, outcome: 'failure', kind: 'connection' }, value: 1 },
        { attributes: { ...s3, outcome: 'rejected', kind: 'circuit_open' }, value: 1 },
      ]),
    );
  });

  it('records attempt durations in ms by outcome', async () => {
    const { bus, reader } = setup();
    bus.emit({
      type: 'attempt',
      ...s3,
      attempt: 1,
      durationMs: 30,
      outcome: 'failure',
      kind: 'timeout',
    });
    bus.emit({ type: 'attempt', ...s3, attempt: 2, durationMs: 12, outcome: 'success' });
    bus.emit({ type: 'attempt', ...s3, attempt: 1, durationMs: 8, outcome: 'success' });

    const duration = (await collect(reader)).get('bulwark.attempt.duration');
    expect(duration?.unit).toBe('ms');
    const byOutcome = new Map(
      duration?.points.map((point) => [point.attributes['outcome'], point]),
    );
    expect(byOutcome.get('success')?.attributes).toStrictEqual({ ...s3, outcome: 'success' });
    expect(byOutcome.get('success')?.value).toMatchObject({ count: 2, sum: 20, min: 8, max: 12 });
    expect(byOutcome.get('failure')?.value).toMatchObject({ count: 1, sum: 30 });
  });

  it('counts retries, rejections and timeouts with their attributes', async () => {
    const { bus, reader } = setup();
    bus.emit({
      type: 'retry',
      ...s3,
      attempt: 1,
      delayMs: 50,
      kind: 'connection',
      reason: 'reset',
    });
    bus.emit({
      type: 'retry',
      ...s3,
      attempt: 2,
      delayMs: 100,
      kind: 'connection',
      reason: 'reset',
    });
    bus.emit({ type: 'rejection', ...s3, kind: 'rate_limited' });
    bus.emit({ type: 'timeout', ...s3, scope: 'deadline', attempt: 2, timeoutMs: 500 });
    for (const outcome of ['failed', 'failed', 'answered'] as const) {
      bus.emit({ type: 'recovery_check', service: 's3', outcome, durationMs: 1 });
    }

    const recorded = await collect(reader);
    expect(recorded.get('bulwark.retries')?.points).toEqual([
      { attributes: { ...s3, kind: 'connection' }, value: 2 },
    ]);
    expect(recorded.get('bulwark.rejections')?.points).toEqual([
      { attributes: { service: 's3', kind: 'rate_limited' }, value: 1 },
    ]);
    expect(recorded.get('bulwark.timeouts')?.points).toEqual([
      { attributes: { ...s3, scope: 'deadline' }, value: 1 },
    ]);
    expect(recorded.get('bulwark.recovery_checks')?.points).toEqual([
      { attributes: { service: 's3', outcome: 'failed' }, value: 2 },
      { attributes: { service: 's3', outcome: 'answered' }, value: 1 },
    ]);
  });

  it('reports a service with a breaker from its first call, and none without one', async () => {
    const { bus, reader } = setup();
    const states = async (): Promise<Point[]> =>
      (await collect(reader)).get('bulwark.breaker.state')?.points ?? [];
    bus.emit({ type: 'call', ...s3, outcome: 'success', attempts: 1, elapsedMs: 2 });
    expect(await states()).toEqual([]);
    const payments = { service: 'payments', operation: 'charge' };
    bus.emit({
      type: 'call',
      ...payments,
      outcome: 'success',
      attempts: 1,
      elapsedMs: 2,
      breaker: 'closed',
    });
    expect(await states()).toEqual([{ attributes: { service: 'payments' }, value: 0 }]);
    bus.emit({ type: 'breaker', service: 'payments', from: 'closed', to: 'open', reason: 'x' });
    // A later call's view never overrides a transition heard since.
    bus.emit({
      type: 'call',
      ...payments,
      outcome: 'rejected',
      attempts: 0,
      elapsedMs: 0,
      breaker: 'closed',
    });
    expect(await states()).toEqual([{ attributes: { service: 'payments' }, value: 1 }]);
  });

  it("reports each key's circuit of a keyed breaker, until the key is dropped", async () => {
    // Delta: the SDK then exports what the gauge's callback observed this time only (with
    // cumulative temporality it keeps every series it ever saw, which is the SDK's doing).
    const reader = new CollectingReader({
      aggregationTemporalitySelector: () => AggregationTemporality.DELTA,
    });
    const bus = new EventBus<PipelineEvent>();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    subscriptions.push(attachMetrics(bus, { meter }));
    const states = async (): Promise<Point[]> =>
      (await collect(reader)).get('bulwark.breaker.state')?.points ?? [];
    const put = { service: 's3', operation: 'putObject' } as const;
    const called = { outcome: 'success', attempts: 1, elapsedMs: 2, breaker: 'closed' } as const;
    bus.emit({ type: 'call', ...put, ...called, breakerKey: 'putObject' });
    bus.emit({
      type: 'breaker',
      service: 's3',
      key: 'getObject',
      from: 'closed',
      to: 'open',
      reason: 'x',
    });
    expect(await states()).toEqual([
      { attributes: { service: 's3', breaker_key: 'putObject' }, value: 0 },
      { attributes: { service: 's3', breaker_key: 'getObject' }, value: 1 },
    ]);
    bus.emit({ type: 'breaker_key_dropped', service: 's3', key: 'putObject', reason: 'idle' });
    expect(await states()).toEqual([
      { attributes: { service: 's3', breaker_key: 'getObject' }, value: 1 },
    ]);
  });

  it('reports the latest breaker state per service', async () => {
    const { bus, reader } = setup();
    const states = async (): Promise<Point[]> =>
      (await collect(reader)).get('bulwark.breaker.state')?.points ?? [];
    expect(await states()).toEqual([]);

    bus.emit({
      type: 'breaker',
      service: 'payments',
      from: 'closed',
      to: 'open',
      reason: '5 consecutive failures',
    });
    bus.emit({
      type: 'breaker',
      service: 's3',
      from: 'closed',
      to: 'isolated',
      reason: 'isolated by hand',
    });
    expect(await states()).toEqual(
      expect.arrayContaining([
        { attributes: { service: 'payments' }, value: 1 },
        { attributes: { service: 's3' }, value: 3 },
      ]),
    );
    bus.emit({
      type: 'breaker',
      service: 'payments',
      from: 'open',
      to: 'half_open',
      reason: 'open for 30000 ms',
    });
    expect(await states()).toContainEqual({ attributes: { service: 'payments' }, value: 2 });
    bus.emit({
      type: 'breaker',
      service: 'payments',
      from: 'half_open',
      to: 'closed',
      reason: '1 probe succeeded',
    });
    expect(await states()).toContainEqual({ attributes: { service: 'payments' }, value: 0 });
  });

  it('stops recording and removes the gauge callback once disposed', async () => {
    const { bus, reader } = setup();
    bus.emit({
      type: 'breaker',
      service: 'payments',
      from: 'closed',
      to: 'open',
      reason: '5 consecutive failures',
    });
    for (const subscription of subscriptions.splice(0)) subscription.dispose();
    expect(bus.observed).toBe(false);
    bus.emit({ type: 'rejection', service: 'payments', operation: 'charge', kind: 'circuit_open' });

    const recorded = await collect(reader);
    expect(recorded.get('bulwark.breaker.state')?.points ?? []).toEqual([]);
    expect(recorded.get('bulwark.rejections')?.points ?? []).toEqual([]);
  });

  it("uses the global meter named 'bulwark' by default", async () => {
    const { bus, reader } = setup(true);
    bus.emit({ type: 'timeout', ...s3, scope: 'attempt', attempt: 1, timeoutMs: 1000 });

    const { resourceMetrics } = await reader.collect();
    const scope = resourceMetrics.scopeMetrics.find(
      (candidate) => candidate.scope.name === 'bulwark',
    );
    expect(scope?.metrics.map((metric) => metric.descriptor.name)).toContain('bulwark.timeouts');
  });
});
