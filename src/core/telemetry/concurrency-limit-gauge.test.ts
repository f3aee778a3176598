import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { AdaptiveBulkhead } from '../bulkhead/adaptive-bulkhead.ts';
import { Bulkhead } from '../bulkhead/bulkhead.ts';
import type { ConcurrencyGate } from '../bulkhead/concurrency-gate.ts';
import { EventBus } from '../event-bus.ts';
import { FakeClock } from '../fake-clock.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import { attachMetrics } from './attach-metrics.ts';

/** A reader the test collects from on demand, instead of on a timer. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** The `bulwark.concurrency.limit` points the reader sees now (undefined: no such gauge). */
async function limitPoints(reader: MetricReader) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === 'bulwark.concurrency.limit');
  return (metric?.dataPoints as Array<DataPoint<number>> | undefined)?.map(
    ({ attributes, value }) => ({ attributes, value }),
  );
}

function setup(bulkhead: ConcurrencyGate | undefined) {
  const reader = new CollectingReader();
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  const bus = new EventBus<PipelineEvent>();
  const subscription = attachMetrics(bus, { meter, bulkhead });
  const called = (service: string) =>
    bus.emit({
      type: 'call',
      service,
      operation: 'get',
      outcome: 'success',
      attempts: 1,
      elapsedMs: 1,
    });
  return { reader, subscription, called };
}

describe('attachMetrics: bulwark.concurrency.limit', () => {
  it("reports an adaptive bulkhead's current limit per service, from its first call", async () => {
    const clock = new FakeClock();
    const bulkhead = new AdaptiveBulkhead({ adaptive: { initialLimit: 10 } }, { clock });
    const { reader, called } = setup(bulkhead);
    expect(await limitPoints(reader)).toBeUndefined();
    called('payments');
    expect(await limitPoints(reader)).toEqual([{ attributes: { service: 'payments' }, value: 10 }]);
    bulkhead.enter(1_000);
    await clock.advance(50);
    bulkhead.leave({ latencyMs: 50, dropped: true });
    expect(await limitPoints(reader)).toEqual([{ attributes: { service: 'payments' }, value: 9 }]);
  });

  it('removes the callback once disposed', async () => {
    const { reader, subscription, called } = setup(new AdaptiveBulkhead());
    called('payments');
    subscription.dispose();
    expect((await limitPoints(reader)) ?? []).toEqual([]);
  });

  it('has no limit gauge for a fixed bulkhead or none', async () => {
    for (const bulkhead of [new Bulkhead({ maxConcurrent: 4 }), undefined]) {
      const { reader, called } = setup(bulkhead);
      called('payments');
      expect(await limitPoints(reader)).toBeUndefined();
    }
  });
});
