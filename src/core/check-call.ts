import type { CallOptions } from './pipeline-options.ts';
import { InvalidArgumentError } from './error-catalogue.ts';

/**
 * Checks the per-call options before any I/O. Kept to a few `typeof` tests because it runs on
 * every call.
 */
export function checkCall(call: CallOptions): void {
  if (typeof call !== 'object' || call === null) {
    throw new InvalidArgumentError(
      'bulwark: execute(operation, call) needs call options ({ operation, idempotent })',
    );
  }
  if (typeof call.operation !== 'string' || call.operation === '') {
    throw new InvalidArgumentError(
      `bulwark: call option operation must be a non-empty string (got ${String(call.operation)})`,
    );
  }
  if (typeof call.idempotent !== 'boolean') {
    throw new InvalidArgumentError(
      `bulwark: call option idempotent must be true or false (got ${String(call.idempotent)})`,
    );
  }
  if (call.timeoutMs !== undefined && !(call.timeoutMs > 0)) {
    throw new InvalidArgumentError(
      `bulwark: call option timeoutMs must be a number > 0 (got ${String(call.timeoutMs)})`,
    );
  }
  if (call.attemptTimeoutMs !== undefined && !(call.attemptTimeoutMs > 0)) {
    throw new InvalidArgumentError(
      `bulwark: call option attemptTimeoutMs must be a number > 0 (got ${String(call.attemptTimeoutMs)})`,
    );
  }
  if (call.context !== undefined && (typeof call.context !== 'object' || call.context === null)) {
    throw new InvalidArgumentError(
      `bulwark: call option context must be an object of facts (got ${String(call.context)})`,
    );
  }
}
