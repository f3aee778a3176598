import { metrics, type Attributes, type Meter, type ObservableCallback } from '@opentelemetry/api';
import type { CircuitStateName } from '../breaker/circuit-state.ts';
import type { ConcurrencyGate } from '../bulkhead/concurrency-gate.ts';
import type { EventBus, Subscription } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import { concurrencyLimitGauge } from './concurrency-limit-gauge.ts';

/** Options of {@link attachMetrics}. */
export interface AttachMetricsOptions {
  /** The meter to create the instruments on; by default the global `metrics.getMeter('bulwark')`. */
  readonly meter?: Meter | undefined;
  /**
   * The pipeline's bulkhead (`pipeline.bulkhead`): when it is adaptive, its current limit is
   * reported as `bulwark.concurrency.limit`.
   */
  readonly bulkhead?: ConcurrencyGate | undefined;
}

/**
 * The value `bulwark.breaker.state` reports for each circuit state. The order follows how far
 * the circuit is from healthy, so an alert can be a threshold (`> 0`: not closed).
 */
export const breakerStateValues: Readonly<Record<CircuitStateName, number>> = {
  closed: 0,
  open: 1,
  half_open: 2,
  isolated: 3,
};

/**
 * Records pipeline events as OpenTelemetry metrics:
 *
 * - `bulwark.calls` (counter): attributes `service`, `operation`, `outcome`, and `kind` when the
 *   call did not succeed;
 * - `bulwark.attempt.duration` (histogram, ms): `service`, `operation`, `outcome`;
 * - `bulwark.retries` (counter): `service`, `operation`, `kind`;
 * - `bulwark.rejections` (counter): `service`, `kind`;
 * - `bulwark.timeouts` (counter): `service`, `operation`, `scope`;
 * - `bulwark.hedges` (counter): `service`, `operation`, `outcome` (`sent`, then `won` when the
 *   hedge answered first or `lost` when the first attempt did);
 * - `bulwark.recovery_checks` (counter): `service`, `outcome` (`answered` or `failed`);
 * - `bulwark.breaker.state` (observable gauge): per `service`, 0 closed, 1 open, 2 half_open,
 *   3 isolated. A service with a breaker appears from its first call after the sink is
 *   attached; its transitions keep the value current. A keyed breaker reports each key's
 *   circuit (`breaker_key`), until the key is dropped.
 * - `bulwark.concurrency.limit` (observable gauge): per `service`, the current limit of the
 *   adaptive bulkhead given as `options.bulkhead`, from the service's first call on.
 *
 * Disposing the subscription stops recording and removes the gauge's callback.
 *
 * @example
 * ```ts
 * using _metrics = attachMetrics(pipeline.events, { meter: provider.getMeter('my-app') });
 * ```
 */
export function attachMetrics(
  events: EventBus<PipelineEvent>,
  options: AttachMetricsOptions = {},
): Subscription {
  const meter = options.meter ?? metrics.getMeter('bulwark');
  const calls = meter.createCounter('bulwark.calls', {
    description: 'Calls made through a bulwark pipeline, by outcome.',
    unit: '{call}',
  });
  const attemptDuration = meter.createHistogram('bulwark.attempt.duration', {
    description: 'How long each attempt at the upstream took.',
    unit: 'ms',
  });
  const retries = meter.createCounter('bulwark.retries', {
    description: 'Failed attempts that were retried, by error kind.',
    unit: '{retry}',
  });
  const rejections = meter.createCounter('bulwark.rejections', {
    description: 'Calls refused by a policy (breaker, rate limiter, bulkhead) before the upstream.',
    unit: '{call}',
  });
  const timeouts = meter.createCounter('bulwark.timeouts', {
    description: 'Attempt timeouts and overall deadlines that ran out.',
    unit: '{timeout}',
  });
  const hedges = meter.createCounter('bulwark.hedges', {
    description: 'Hedges of idempotent calls: sent, and which attempt answered first.',
    unit: '{hedge}',
  });
  const recoveryChecks = meter.createCounter('bulwark.recovery_checks', {
    description: 'Recovery checks an open breaker made of its upstream, by outcome.',
    unit: '{check}',
  });
  const breakerState = meter.createObservableGauge('bulwark.breaker.state', {
    description: 'Circuit breaker state: 0 closed, 1 open, 2 half_open, 3 isolated.',
  });

  // The latest state per service (and key, for a keyed breaker); the gauge reads it on each
  // collection.
  const breakerStates = new Map<string, { attributes: Attributes; value: number }>();
  const circuitOf = (service: string, key: string | undefined): string =>
    key === undefined ? service : `${service}\u0000${key}`;
  const setState = (service: string, key: string | undefined, value: number): void => {
    const attributes = key === undefined ? { service } : { service, breaker_key: key };
    breakerStates.set(circuitOf(service, key), { attributes, value });
  };
  const observeBreakers: ObservableCallback = (result) => {
    for (const { attributes, value } of breakerStates.values()) result.observe(value, attributes);
  };
  breakerState.addCallback(observeBreakers);
  const limitGauge = concurrencyLimitGauge(meter, options.bulkhead);

  const subscription = events.on((event) => {
    switch (event.type) {
      case 'attempt': {
        const { service, operation, outcome } = event;
        attemptDuration.record(event.durationMs, { service, operation, outcome });
        break;
      }
      case 'call': {
        const { service, operation, outcome, kind } = event;
        const attributes: Attributes = { service, operation, outcome };
        if (outcome !== 'success' && kind !== undefined) attributes['kind'] = kind;
        calls.add(1, attributes);
        limitGauge?.seen(service);
        // A service with a breaker appears from its first call, in the state that call saw;
        // transitions keep it current from then on.
        const key = event.breakerKey;
        if (event.breaker !== undefined && !breakerStates.has(circuitOf(service, key))) {
          setState(service, key, breakerStateValues[event.breaker]);
        }
        break;
      }
      case 'retry':
        retries.add(1, { service: event.service, operation: event.operation, kind: event.kind });
        break;
      case 'rejection':
        rejections.add(1, { service: event.service, kind: event.kind });
        break;
      case 'timeout':
        timeouts.add(1, { service: event.service, operation: event.operation, scope: event.scope });
        break;
      case 'hedge':
        hedges.add(1, {
          service: event.service,
          operation: event.operation,
          outcome: event.outcome,
        });
        break;
      case 'breaker':
        setState(event.service, event.key, breakerStateValues[event.to]);
        break;
      case 'breaker_key_dropped':
        breakerStates.delete(circuitOf(event.service, event.key));
        break;
      case 'recovery_check':
        recoveryChecks.add(1, { service: event.service, outcome: event.outcome });
        break;
    }
  });

  const dispose = (): void => {
    subscription.dispose();
    breakerState.removeCallback(observeBreakers);
    limitGauge?.dispose();
  };
  return { dispose, [Symbol.dispose]: dispose };
}
