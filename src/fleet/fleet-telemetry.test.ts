import { MeterProvider, MetricReader, type DataPoint } from '@opentelemetry/sdk-metrics';
import { describe, expect, test } from 'vitest';
import { EventBus } from '../core/event-bus.ts';
import type { FleetEvent } from './fleet-events.ts';
import { attachFleetTelemetry } from './fleet-telemetry.ts';

/** A reader the test collects from on demand. */
class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function points(reader: MetricReader, name: string) {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((m) => m.descriptor.name === name);
  return ((metric?.dataPoints ?? []) as Array<DataPoint<number>>).map(({ attributes, value }) => ({
    attributes,
    value,
  }));
}

describe('attachFleetTelemetry', () => {
  test('writes each switch as a log record and as metrics', async () => {
    const records: Array<[string, Record<string, unknown>, string | undefined]> = [];
    const at = (level: string) => (fields: object, message?: string) =>
      void records.push([level, { ...fields } as Record<string, unknown>, message]);
    const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    const reader = new CollectingReader();
    const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
    const events = new EventBus<FleetEvent>();
    using _telemetry = attachFleetTelemetry(events, { logger, meter });

    events.emit({ type: 'fleet_fallback', name: 'partner-api', to: 'local', reason: 'timeout' });
    expect(await points(reader, 'bulwark.fleet.on_redis')).toEqual([
      { attributes: { name: 'partner-api' }, value: 0 },
    ]);
    events.emit({ type: 'fleet_fallback', name: 'partner-api', to: 'redis', reason: 'answered' });
    expect(await points(reader, 'bulwark.fleet.on_redis')).toEqual([
      { attributes: { name: 'partner-api' }, value: 1 },
    ]);
    expect(await points(reader, 'bulwark.fleet.fallbacks')).toEqual([
      { attributes: { name: 'partner-api', to: 'local' }, value: 1 },
      { attributes: { name: 'partner-api', to: 'redis' }, value: 1 },
    ]);
    expect(records.map(([level, fields]) => [level, fields['to']])).toEqual([
      ['warn', 'local'],
      ['info', 'redis'],
    ]);
    expect(records[0]?.[2]).toBe(
      'partner-api: Redis did not answer (timeout); deciding locally until it does',
    );
  });
});
