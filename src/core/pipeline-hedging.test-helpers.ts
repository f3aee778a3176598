import type { Attempt } from './attempt/attempt.ts';
import type { FakeClock } from './fake-clock.ts';
import type { Pipeline } from './pipeline.ts';
import { call } from './pipeline.test-helpers.ts';

/** An operation answering after `ms` of the fake clock, or rejecting when its attempt aborts. */
export function answersAfter(clock: FakeClock, ms: (attempt: number) => number) {
  const started: number[] = [];
  const aborted: number[] = [];
  const operation = ({ attempt, signal }: Attempt) =>
    new Promise<string>((resolve, reject) => {
      started.push(attempt);
      const timer = clock.setTimeout(() => resolve(`answer of ${attempt}`), ms(attempt));
      signal.addEventListener('abort', () => {
        aborted.push(attempt);
        clock.clearTimeout(timer);
        reject(signal.reason as Error);
      });
    });
  return { operation, started, aborted };
}

/** Twenty calls answered in 5 ms: the operation's answer time is known from then on. */
export async function warmUp(pipeline: Pipeline, clock: FakeClock): Promise<void> {
  const quick = answersAfter(clock, () => 5);
  for (let i = 0; i < 20; i++) {
    const pending = pipeline.execute(quick.operation, call);
    await clock.advance(5);
    await pending;
  }
}
