import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long after `since` (a `performance.now()` reading) the first call started after it
 * succeeded: one call every 10 ms, each given its own time, for up to `withinMs`. What the
 * drill calls recovery, measured the same way for bulwark and for a raw driver.
 */
export async function recoveryMs(
  call: () => Promise<unknown>,
  since: number,
  withinMs = 3_000,
): Promise<number> {
  let first = Infinity;
  const calls: Promise<void>[] = [];
  while (performance.now() - since < withinMs && first === Infinity) {
    calls.push(
      call().then(
        () => {
          first = Math.min(first, performance.now() - since);
        },
        () => undefined,
      ),
    );
    await sleep(10);
  }
  await Promise.all(calls);
  return first;
}
