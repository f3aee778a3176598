import type { PipelineEvent } from '../pipeline-events.ts';
import { redact } from '../redact.ts';
import { describeEvent } from './describe-event.ts';
import type { LogLevel } from './logger-like.ts';

/** What one event becomes in a log: the level, the structured fields, the human message. */
export interface LogRecord {
  readonly level: LogLevel;
  /** Only the facts the event has: no key is ever present with an `undefined` value. */
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/**
 * Turns a pipeline event into the record a logger writes. The field names are stable (a
 * dashboard or an alert can query `event`, `kind`, `code`, `durationMs`) and every string
 * that came from outside bulwark passes through `redact()`.
 */
export function toLogRecord(event: PipelineEvent): LogRecord {
  return { level: levelOf(event), fields: fieldsOf(event), message: describeEvent(event) };
}

/** Quiet for what goes well, louder the closer it comes to a caller seeing a failure. */
function levelOf(event: PipelineEvent): LogLevel {
  switch (event.type) {
    case 'attempt':
      return event.outcome === 'success' ? 'debug' : 'info';
    case 'call':
      return event.outcome === 'success' ? 'debug' : event.outcome === 'failure' ? 'error' : 'warn';
    case 'retry':
    case 'rejection':
    case 'timeout':
      return 'warn';
    case 'hedge':
      // One call in twenty or so while an upstream has a slow tail: worth seeing, not a page.
      return event.outcome === 'sent' ? 'info' : 'debug';
    case 'breaker':
      return event.to === 'open' || event.to === 'isolated' ? 'error' : 'info';
    case 'breaker_key_dropped':
      return 'debug';
    case 'recovery_check':
      // Several a second while a service is down: only the one that finds it back is news.
      return event.outcome === 'answered' ? 'info' : 'debug';
  }
}

function fieldsOf(event: PipelineEvent): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    event: `bulwark.${event.type}`,
    service: redact(event.service),
  };
  const put = (key: string, value: unknown): void => {
    if (value !== undefined) fields[key] = typeof value === 'string' ? redact(value) : value;
  };
  switch (event.type) {
    case 'attempt':
      put('operation', event.operation);
      put('outcome', event.outcome);
      put('attempt', event.attempt);
      put('durationMs', event.durationMs);
      put('kind', event.kind);
      put('code', event.code);
      put('status', event.status);
      break;
    case 'retry':
      put('operation', event.operation);
      put('attempt', event.attempt);
      put('delayMs', event.delayMs);
      put('kind', event.kind);
      put('code', event.code);
      put('reason', event.reason);
      break;
    case 'call':
      put('operation', event.operation);
      put('outcome', event.outcome);
      put('attempts', event.attempts);
      put('elapsedMs', event.elapsedMs);
      put('kind', event.kind);
      put('code', event.code);
      put('giveUpReason', event.giveUpReason);
      put('breakerKey', event.breakerKey);
      break;
    case 'rejection':
      put('operation', event.operation);
      put('kind', event.kind);
      break;
    case 'timeout':
      put('operation', event.operation);
      put('scope', event.scope);
      put('attempt', event.attempt);
      put('timeoutMs', event.timeoutMs);
      break;
    case 'hedge':
      put('operation', event.operation);
      put('outcome', event.outcome);
      put('attempt', event.attempt);
      put('afterMs', event.afterMs);
      break;
    case 'breaker':
      put('breaker', { from: event.from, to: event.to });
      put('breakerKey', event.key);
      put('reason', event.reason);
      break;
    case 'breaker_key_dropped':
      put('breakerKey', event.key);
      put('reason', event.reason);
      break;
    case 'recovery_check':
      put('outcome', event.outcome);
      put('durationMs', event.durationMs);
      break;
  }
  // The caller's facts (bucket, key, table) go in as fields of their own, never over ours.
  if ('context' in event && event.context) {
    for (const [key, value] of Object.entries(event.context)) if (!(key in fields)) put(key, value);
  }
  return fields;
}
