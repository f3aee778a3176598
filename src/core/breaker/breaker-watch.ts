import type { Clock } from '../clock.ts';
import type { EventBus } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import type { RandomSource } from '../random.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import { KeyedBreakers } from './keyed-breakers.ts';
import type { ResolvedRecoveryCheck } from './recovery-check.ts';
import { RecoveryWatch } from './recovery-watch.ts';

/**
 * What a pipeline keeps going around its breaker: its transitions reported as the pipeline's
 * own events (the breaker may be shared; a keyed one's carry the key, and it reports the keys
 * it drops), and the recovery check while a circuit is open: one check for all the keys, as
 * they share the upstream it asks. Disposing it leaves nothing running.
 */
export function watchBreaker(
  breaker: CircuitBreaker | KeyedBreakers,
  pipeline: {
    readonly recoveryCheck: ResolvedRecoveryCheck | undefined;
    readonly clock: Clock;
    readonly random: RandomSource;
    readonly service: string;
  },
  events: EventBus<PipelineEvent>,
): Disposable & { dispose(): void } {
  const { recoveryCheck, clock, random, service } = pipeline;
  const transitions = breaker.transitions.on((transition) => {
    if (events.observed) events.emit({ type: 'breaker', service, ...transition });
  });
  const drops =
    breaker instanceof KeyedBreakers
      ? breaker.dropped.on(({ key, reason }) => {
          if (events.observed) events.emit({ type: 'breaker_key_dropped', service, key, reason });
        })
      : undefined;
  const watch =
    recoveryCheck &&
    new RecoveryWatch(breaker, recoveryCheck, clock, {
      random,
      report: (outcome, durationMs) => {
        if (events.observed) events.emit({ type: 'recovery_check', service, outcome, durationMs });
      },
    });
  const dispose = (): void => {
    transitions.dispose();
    drops?.dispose();
    watch?.dispose();
  };
  return { dispose, [Symbol.dispose]: dispose };
}
