import type { Clock } from '../clock.ts';
import type { EventBus } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';
import type { ResolvedRecoveryCheck } from './recovery-check.ts';
import { RecoveryWatch } from './recovery-watch.ts';

/**
 * What a pipeline keeps going around its breaker: its transitions reported as the pipeline's
 * own events (the breaker may be shared), and the recovery check while it is open. Disposing
 * it leaves nothing running.
 */
export function watchBreaker(
  breaker: CircuitBreaker,
  recoveryCheck: ResolvedRecoveryCheck | undefined,
  clock: Clock,
  events: EventBus<PipelineEvent>,
  service: string,
): Disposable & { dispose(): void } {
  const transitions = breaker.transitions.on((transition) => {
    if (events.observed) events.emit({ type: 'breaker', service, ...transition });
  });
  const watch =
    recoveryCheck &&
    new RecoveryWatch(breaker, recoveryCheck, clock, (outcome, durationMs) => {
      if (events.observed) events.emit({ type: 'recovery_check', service, outcome, durationMs });
    });
  const dispose = (): void => {
    transitions.dispose();
    watch?.dispose();
  };
  return { dispose, [Symbol.dispose]: dispose };
}
