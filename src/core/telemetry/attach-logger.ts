import type { EventBus, Subscription } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import type { LoggerLike } from './logger-like.ts';
import { toLogRecord } from './log-record.ts';

/**
 * Writes one structured record per pipeline event to `logger` (a pino logger, or a child of
 * one, fits as is): fields such as `event`, `service`, `operation`, `attempt`, `kind`, `code`
 * and `durationMs`, and a message an on-call engineer can act on
 * (`payments circuit opened: 5 consecutive failures`). Secrets are redacted.
 *
 * Levels: successful attempts and calls at `debug`; failed attempts and a circuit closing or
 * half-opening at `info`; retries, rejections and timeouts at `warn`; failed calls and a
 * circuit opening or being isolated at `error`.
 *
 * Nothing is built while no sink is attached; dispose the subscription to stop logging.
 *
 * @example
 * ```ts
 * using _logs = attachLogger(pipeline.events, pino().child({ component: 'bulwark' }));
 * ```
 */
export function attachLogger(events: EventBus<PipelineEvent>, logger: LoggerLike): Subscription {
  return events.on((event) => {
    const record = toLogRecord(event);
    // Called as a method, not detached: pino's log methods depend on `this`.
    logger[record.level](record.fields, record.message);
  });
}
