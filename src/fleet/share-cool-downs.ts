import type { EventBus, Subscription } from '../core/event-bus.ts';
import type { PipelineEvent } from '../core/pipeline-events.ts';
import type { FleetRateLimiter } from './fleet-rate-limiter.ts';

/**
 * A shared cool-down: when the upstream tells this instance to hold back (a Retry-After on a
 * 429 or a 503), every instance holds back for as long, through the fleet rate limit they
 * share. The calls of every instance then wait for their permit (delay mode) or are refused
 * as `rate_limited` (reject mode) until then, instead of meeting the same answer. A cool-down
 * Redis cannot take is dropped: this instance still honours it for its own retry.
 *
 * @example
 * ```ts
 * const partner = createHttpClient({ baseUrl, rateLimit: { limiter, mode: 'delay' } });
 * using _coolDowns = shareCoolDowns(partner.events, limiter);
 * ```
 */
export function shareCoolDowns(
  events: EventBus<PipelineEvent>,
  limiter: FleetRateLimiter,
): Subscription {
  return events.on((event) => {
    if (event.type !== 'attempt' || event.retryAfterMs === undefined || event.retryAfterMs <= 0) {
      return;
    }
    const call = { operation: event.operation, context: event.context };
    limiter.coolDown(event.retryAfterMs, call).catch(() => undefined);
  });
}
