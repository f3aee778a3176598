import { metrics, type Meter } from '@opentelemetry/api';
import type { EventBus, Subscription } from '../core/event-bus.ts';
import type { LoggerLike } from '../core/telemetry/logger-like.ts';
import type { FleetEvent } from './fleet-events.ts';

/** Where a fleet policy's switches are written. */
export interface FleetTelemetryOptions {
  /** A pino-style logger: `warn` when a policy leaves Redis, `info` when it is back. */
  readonly logger?: LoggerLike | undefined;
  /** Records `bulwark.fleet.fallbacks` and `bulwark.fleet.on_redis`; the global meter if absent. */
  readonly meter?: Meter | undefined;
}

/**
 * Writes each switch between Redis and the local stand-in as a log record and as metrics:
 * `bulwark.fleet.fallbacks` (counter: `name`, `to`) and `bulwark.fleet.on_redis` (gauge per
 * `name`: 1 on Redis, 0 on the stand-in).
 */
export function attachFleetTelemetry(
  events: EventBus<FleetEvent>,
  options: FleetTelemetryOptions = {},
): Subscription {
  const meter = options.meter ?? metrics.getMeter('bulwark');
  const fallbacks = meter.createCounter('bulwark.fleet.fallbacks', {
    description: 'Switches of a fleet policy between Redis and its local stand-in.',
    unit: '{switch}',
  });
  const onRedis = meter.createObservableGauge('bulwark.fleet.on_redis', {
    description: 'Whether a fleet policy decides on Redis (1) or on its local stand-in (0).',
  });
  const latest = new Map<string, number>();
  const observe = (result: { observe(value: number, attributes: { name: string }): void }) => {
    for (const [name, value] of latest) result.observe(value, { name });
  };
  onRedis.addCallback(observe);
  const logger = options.logger;
  const subscription = events.on((event) => {
    fallbacks.add(1, { name: event.name, to: event.to });
    latest.set(event.name, event.to === 'redis' ? 1 : 0);
    const fields = { event: 'bulwark.fleet_fallback', name: event.name, to: event.to };
    if (event.to === 'local') {
      logger?.warn(
        { ...fields, reason: event.reason },
        `${event.name}: Redis did not answer (${event.reason}); deciding locally until it does`,
      );
    } else {
      logger?.info(fields, `${event.name}: Redis answers again; deciding on Redis`);
    }
  });
  const dispose = (): void => {
    subscription.dispose();
    onRedis.removeCallback(observe);
  };
  return { dispose, [Symbol.dispose]: dispose };
}
