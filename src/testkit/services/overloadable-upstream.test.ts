import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startOverloadableUpstream, type OverloadableUpstream } from './overloadable-upstream.ts';

let agent = new Agent({ keepAlive: true, maxSockets: Infinity });
let upstream: OverloadableUpstream | undefined;
afterEach(async () => {
  await upstream?.close();
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: Infinity });
});

/** One GET; resolves to how long it took, ms. */
function get(url: string): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(performance.now() - start)
          : reject(new Error(`HTTP ${response.statusCode}`)),
      );
    })
      .on('error', reject)
      .end();
  });
}

const median = (values: readonly number[]) =>
  values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

describe('startOverloadableUpstream', () => {
  it('answers within its latency up to its capacity, and says what it can serve', async () => {
    upstream = await startOverloadableUpstream({ capacity: 4, latencyMs: 50 });
    const url = upstream.url;
    expect(upstream.capacityPerSecond).toBe(80);
    await get(url);
    const times = await Promise.all(Array.from({ length: 4 }, () => get(url)));
    for (const ms of times) {
      expect(ms).toBeGreaterThanOrEqual(48);
      expect(ms).toBeLessThan(80);
    }
  });

  it('slows every request down in proportion once more than its capacity are in flight', async () => {
    upstream = await startOverloadableUpstream({ capacity: 4, latencyMs: 50 });
    const url = upstream.url;
    await get(url);
    const twice = await Promise.all(Array.from({ length: 8 }, () => get(url)));
    expect(median(twice)).toBeGreaterThanOrEqual(95);
    expect(median(twice)).toBeLessThan(140);
    const four = await Promise.all(Array.from({ length: 16 }, () => get(url)));
    expect(median(four)).toBeGreaterThanOrEqual(190);
    expect(median(four)).toBeLessThan(260);
    expect(upstream.peakInFlight).toBe(16);
  });

  it('serves its capacity a second to as many clients as it takes at full speed', async () => {
    upstream = await startOverloadableUpstream({ capacity: 4, latencyMs: 40 });
    const url = upstream.url;
    const start = performance.now();
    const worker = async () => {
      while (performance.now() - start < 1_000) await get(url);
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const perSecond = upstream.served / ((performance.now() - start) / 1_000);
    expect(perSecond).toBeGreaterThan(85);
    expect(perSecond).toBeLessThanOrEqual(101);
  });

  it('offered twice its capacity, piles requests up and answers far fewer in time', async () => {
    upstream = await startOverloadableUpstream({ capacity: 4, latencyMs: 40 });
    const url = upstream.url;
    // 200 requests a second for one second, against a capacity of 100 a second: every request
    // in flight slows down, so most of the work goes into requests not yet done (processor
    // sharing under overload completes about 40% of its capacity).
    const calls: Array<Promise<number>> = [];
    const start = performance.now();
    const tick = setInterval(() => calls.push(get(url), get(url), get(url), get(url)), 20);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    clearInterval(tick);
    const perSecond = upstream.served / ((performance.now() - start) / 1_000);
    expect(perSecond).toBeLessThan(70);
    expect(upstream.inFlight).toBeGreaterThan(50);
    expect(upstream.arrivals.length).toBe(calls.length);
    const times = await Promise.all(calls);
    expect(upstream.served).toBe(calls.length);
    expect(Math.max(...times)).toBeGreaterThan(1_000);
  });

  it('refuses a capacity or latency that is not a positive number', async () => {
    await expect(startOverloadableUpstream({ capacity: 0 })).rejects.toThrow(/capacity must be/);
    await expect(startOverloadableUpstream({ latencyMs: NaN })).rejects.toThrow(/latencyMs/);
  });
});
