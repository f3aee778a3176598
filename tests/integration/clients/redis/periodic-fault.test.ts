import { describe, expect, test } from 'vitest';
import { isUpstreamError } from '../../../../src/index.ts';
import { resetPeer } from '../../../../src/testkit/faults/toxics.ts';
import { admin, proxiedRedis } from './redis-harness.ts';

describe('a fault that comes and goes on a fixed beat', () => {
  test('cannot keep the circuit open: with resets for 300 ms of every second, more than half the GETs are served', async () => {
    const { client, proxy } = await proxiedRedis({
      breaker: { openDurationMs: 1_000 },
      timeout: { attemptMs: 500, totalMs: 1_000 },
    });
    await admin().set('periodic-fault', 'v');
    let running = true;
    // Resets for the first 300 ms of every second, as long as the GETs run.
    const beat = (async () => {
      while (running) {
        const fault = await proxy.inject(resetPeer({ timeoutMs: 0, direction: 'upstream' }));
        await new Promise((resolve) => setTimeout(resolve, 300));
        await fault.remove();
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
    })();
    const tally = { served: 0, refused: 0, failed: 0 };
    const until = performance.now() + 6_000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        // A GET every 25 ms a lane, whatever becomes of it: 320 a second in all.
        for (let next = performance.now(); next < until; next += 25) {
          const wait = next - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          try {
            await client.get('periodic-fault');
            tally.served++;
          } catch (error) {
            if (isUpstreamError(error) && error.kind === 'circuit_open') tally.refused++;
            else tally.failed++;
          }
        }
      }),
    );
    running = false;
    await beat;
    const total = tally.served + tally.refused + tally.failed;
    // The circuit opens in each reset window and closes at the first recovery check after it
    // (checks every 200 ms): about 57% of the GETs are served, against none when every probe
    // fell in a reset window. The rest fall in the windows, where a call refused at once is
    // lost; one that waits (`waitWhileOpenMs`) would be served after it.
    expect(tally.failed).toBe(0);
    expect(tally.served / total).toBeGreaterThanOrEqual(0.5);
  }, 15_000);
});
