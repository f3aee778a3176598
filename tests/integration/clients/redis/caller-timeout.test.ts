// A caller's own deadline is the caller's business: when their AbortSignal.timeout() ends a
// Redis call, the call ends, but the connection (and every other call on it) stays. Only the
// attempt's own timeout cuts it, as a command still in flight there would hold all later ones.
import { describe, expect, it } from 'vitest';
import { latency } from '../../../../src/testkit/faults/toxics.ts';
import { AbortedError, TimeoutError } from '../../../../src/index.ts';
import { admin, key, proxiedRedis } from './redis-harness.ts';

/** The server-side ids of the connections named `name`. */
async function connectionIds(name: string): Promise<string[]> {
  const list = String(await admin().call('CLIENT', 'LIST'));
  return list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1] ?? '?');
}

describe("a caller's own timeout signal", () => {
  it('ends the call as aborted and keeps the connection', async () => {
    const { client, proxy, name } = await proxiedRedis({ retry: { maxAttempts: 1 } });
    const k = key();
    await client.set(k, 'v');
    const before = await connectionIds(name);
    expect(before).toHaveLength(1);

    const slow = await proxy.inject(latency({ latencyMs: 300 }));
    const error = await client.get(k, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    await slow.remove();

    expect(await client.get(k)).toBe('v');
    expect(await connectionIds(name)).toEqual(before);
  });

  it("unlike the attempt's own timeout, which cuts the connection", async () => {
    const { client, proxy, name } = await proxiedRedis({
      retry: { maxAttempts: 1 },
      timeout: { attemptMs: 50 },
    });
    const k = key();
    await client.set(k, 'v');
    const before = await connectionIds(name);

    const slow = await proxy.inject(latency({ latencyMs: 300 }));
    expect(await client.get(k).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    await slow.remove();

    expect(await client.get(k)).toBe('v');
    const after = await connectionIds(name);
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});
