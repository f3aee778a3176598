import type { Attempt } from './attempt/index.ts';
import { attemptAbortReason, settleOnAttemptAbort } from './attempt/index.ts';
import { FakeClock } from './fake-clock.ts';
import { createPipeline } from './pipeline.ts';
import type { PipelineOptions } from './pipeline-options.ts';
import type { PipelineEvent } from './pipeline-events.ts';

export const reset = (): Error =>
  Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
export const refused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
export const badRequest = (): Error => Object.assign(new Error('bad request'), { status: 400 });
export const call = { operation: 'get', idempotent: true } as const;

export function setup(overrides: Partial<PipelineOptions> = {}) {
  const clock = new FakeClock();
  const pipeline = createPipeline({
    service: 'svc',
    clock,
    // The middle of every jitter: retries have none, and the breaker's open time is exact.
    random: () => 0.5,
    retry: {
      maxAttempts: 3,
      backoff: { jitter: 'none', initialDelayMs: 100, multiplier: 2 },
      budget: false,
    },
    ...overrides,
  });
  const events: PipelineEvent[] = [];
  pipeline.events.on((event) => events.push(event));
  return { clock, pipeline, events };
}

/** Settles a promise into a value or an error, so a test can advance time before looking. */
export function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/** An operation that fails with the given errors, in turn, then succeeds. */
export function failing(...errors: Array<() => Error>) {
  const calls: number[] = [];
  const operation = async ({ attempt }: Attempt) => {
    calls.push(attempt);
    const next = errors[attempt - 1];
    if (next) throw next();
    return `ok on attempt ${attempt}`;
  };
  return { calls, operation };
}

/** An operation that never answers, but stops when its signal aborts (as real I/O does). */
export const hanging = ({ signal }: Attempt) =>
  new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

/** `hanging`, keeping the reason of each abort its signal hears. */
export function listening() {
  const reasons: unknown[] = [];
  const operation = (attempt: Attempt) => {
    attempt.signal.addEventListener('abort', () => reasons.push(attempt.signal.reason));
    return hanging(attempt);
  };
  return { reasons, operation };
}

/**
 * An operation that never answers unless its attempt is aborted, and then rejects its own
 * promise (as a driver that cancels its request does), with an error of its own.
 */
export function selfSettling() {
  const reasons: unknown[] = [];
  const operation = (attempt: Attempt) =>
    new Promise<never>((_, reject) => {
      settleOnAttemptAbort(attempt, () => {
        reasons.push(attemptAbortReason(attempt));
        reject(new Error('request cancelled by the driver'));
      });
    });
  return { reasons, operation };
}
