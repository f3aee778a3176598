import { expect } from 'vitest';
import type { Attempt } from './attempt/attempt.ts';
import type { FakeClock } from './fake-clock.ts';
import type { PipelineEvent } from './pipeline-events.ts';
import type { Pipeline } from './pipeline.ts';
import { call, settle } from './pipeline.test-helpers.ts';

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

/**
 * A call whose first attempt takes 100 ms, well past the hedge delay, and the proof that it
 * went alone: answered by its first attempt, the only one started, and no hedge event.
 */
export async function expectNoHedge(
  pipeline: Pipeline,
  clock: FakeClock,
  events: readonly PipelineEvent[],
): Promise<void> {
  const slow = answersAfter(clock, (attempt) => (attempt === 1 ? 100 : 5));
  const result = settle(pipeline.execute(slow.operation, call));
  await clock.advance(100);
  expect(await result).toEqual({ value: 'answer of 1' });
  expect(slow.started).toEqual([1]);
  expect(events.some((event) => event.type === 'hedge')).toBe(false);
}
