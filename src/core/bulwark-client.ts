import type { CircuitBreaker } from './breaker/circuit-breaker.ts';
import type { KeyedBreakers } from './breaker/keyed-breakers.ts';
import type { EventBus } from './event-bus.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import type { Pipeline } from './pipeline.ts';

/**
 * What every bulwark client is, whatever it wraps: a reader who knows one knows all. Each
 * client class implements it, so the compiler keeps them alike.
 */
export interface BulwarkClient extends AsyncDisposable {
  /** The upstream's name in errors, events, logs, metrics and spans. */
  readonly service: string;
  /** Every attempt, retry, rejection, timeout, breaker transition and outcome. */
  readonly events: EventBus<PipelineEvent>;
  /**
   * The circuit breaker, to read its state or isolate/reset it by hand; undefined without one,
   * or when it is keyed.
   */
  readonly breaker: CircuitBreaker | undefined;
  /** A keyed breaker's circuits (`breaker: { keyed }`), one per key; undefined otherwise. */
  readonly breakers: KeyedBreakers | undefined;
  /** The pipeline every call runs through. */
  readonly pipeline: Pipeline;
  /**
   * Lets go of every connection; resolves once done. Calls made afterwards fail at once with
   * an UpstreamError of kind `client`. Idempotent; `await using` calls it too.
   */
  close(): Promise<void>;
}
