import type { Meter, ObservableCallback } from '@opentelemetry/api';
import { AdaptiveBulkhead } from '../bulkhead/adaptive-bulkhead.ts';
import type { ConcurrencyGate } from '../bulkhead/concurrency-gate.ts';

/** The `bulwark.concurrency.limit` gauge of one adaptive bulkhead. */
export interface ConcurrencyLimitGauge {
  /** A service whose calls pass the bulkhead: reported from now on. */
  seen(service: string): void;
  /** Removes the gauge's callback. */
  dispose(): void;
}

/**
 * `bulwark.concurrency.limit` (observable gauge, per `service`): the current limit of an
 * adaptive bulkhead, read when the metrics are collected, so moving the limit costs nothing
 * here. Undefined for no bulkhead or a fixed one, whose limit never moves.
 */
export function concurrencyLimitGauge(
  meter: Meter,
  bulkhead: ConcurrencyGate | undefined,
): ConcurrencyLimitGauge | undefined {
  if (!(bulkhead instanceof AdaptiveBulkhead)) return undefined;
  const gauge = meter.createObservableGauge('bulwark.concurrency.limit', {
    description: 'How many calls the adaptive bulkhead lets run at once now.',
    unit: '{call}',
  });
  // A bulkhead may be shared by pipelines of several services; each reports the one limit.
  const services = new Set<string>();
  const observe: ObservableCallback = (result) => {
    const limit = bulkhead.limit;
    for (const service of services) result.observe(limit, { service });
  };
  gauge.addCallback(observe);
  return {
    seen: (service) => services.add(service),
    dispose: () => gauge.removeCallback(observe),
  };
}
