// The call's deadline over the wire: a command that blocks on the server (BLPOP, XREAD BLOCK,
// WAIT...) is sent with its timeout clamped to the time its attempt has, so the server stops
// blocking once nobody waits. Observed with MONITOR: the command as the server received it.
import { describe, expect, it, onTestFinished } from 'vitest';
import { TimeoutError } from '../../../../src/index.ts';
import { latency } from '../../../../src/testkit/faults/toxics.ts';
import { admin, key, proxiedRedis } from './redis-harness.ts';

/** Every command the server receives from now on, as its arguments (the name first, lowercased). */
async function monitor(): Promise<string[][]> {
  const monitoring = await admin().monitor();
  const commands: string[][] = [];
  monitoring.on('monitor', (_time: string, args: string[]) => {
    commands.push([String(args[0]).toLowerCase(), ...args.slice(1)]);
  });
  onTestFinished(() => {
    monitoring.disconnect();
  });
  return commands;
}

/** The commands named `name` on `k` the server received. */
function received(commands: string[][], name: string, k: string): string[][] {
  return commands.filter((args) => args[0] === name && args.includes(k));
}

describe('the deadline over the wire', () => {
  it("sends a BLPOP that would block for ever with the call's deadline as its timeout", async () => {
    const { client } = await proxiedRedis({
      retry: { maxAttempts: 1 },
      timeout: { attemptMs: 5_000, totalMs: 600 },
    });
    const commands = await monitor();
    const k = key();
    const started = performance.now();
    const outcome = await client.command('BLPOP', k, 0).catch((e: unknown) => e);
    // Whichever came first: the server's own timeout reply, or the call's TimeoutError.
    expect(outcome === null || outcome instanceof TimeoutError).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_500);
    await expect.poll(() => received(commands, 'blpop', k)).toEqual([['blpop', k, '0.6']]);
  });

  it("keeps a caller's shorter timeout: the server answers null in its time", async () => {
    const { client } = await proxiedRedis({ timeout: { attemptMs: 5_000, totalMs: 5_000 } });
    const commands = await monitor();
    const k = key();
    const started = performance.now();
    expect(await client.command('BLPOP', k, '0.2')).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
    await expect.poll(() => received(commands, 'blpop', k)).toEqual([['blpop', k, '0.2']]);
  });

  it('sends a retried XREAD BLOCK with the time left, less than the first attempt had', async () => {
    const { client, proxy } = await proxiedRedis({
      retry: { maxAttempts: 2, backoff: { initialDelayMs: 50, jitter: 'none' }, budget: false },
      timeout: { attemptMs: 600, totalMs: 1_000 },
    });
    const s = key('stream');
    await client.command('PING');
    // Replies come 150 ms late: the attempt's own timer, not the server's, ends each attempt.
    await proxy.inject(latency({ latencyMs: 150 }));
    const commands = await monitor();
    const error = await client
      .command('XREAD', 'BLOCK', 0, 'STREAMS', s, '$', { idempotent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ attempts: 2 });
    await expect.poll(() => received(commands, 'xread', s)).toHaveLength(2);
    const blocks = received(commands, 'xread', s).map((args) => Number(args[2]));
    // The first attempt had its 600 ms; the second what the first and the backoff left.
    expect(blocks[0]).toBe(600);
    expect(blocks[1]).toBeLessThanOrEqual(1_000 - 600 - 50);
    expect(blocks[1]).toBeGreaterThan(1_000 - 600 - 50 - 200);
  });
});
