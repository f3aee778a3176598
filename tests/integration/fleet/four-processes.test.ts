import { fileURLToPath } from 'node:url';
import { describe, expect, inject, test } from 'vitest';
import type { RedisClusterEndpoint } from '../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../src/testkit/services/require-service.ts';
import { workerRedisDatabase } from '../../../src/testkit/isolation.ts';
import { useFaultProxy } from '../../../src/testkit/vitest/index.ts';
import type { FleetWorkerConfig, FleetWorkerReport } from './fleet-worker.ts';
import { limitName, redisService, runInstance } from './fleet-harness.ts';

const workerScript = fileURLToPath(new URL('./fleet-worker.ts', import.meta.url));

/** Four instances sharing one limit, through `host:port`, starting together in 1.5 s. */
function runFleet(
  at: { host: string; port: number },
  ratePerSecond: number,
  durationMs: number,
  { onCluster, keys }: { onCluster?: RedisClusterEndpoint; keys?: readonly string[] } = {},
) {
  const config: FleetWorkerConfig = {
    ...at,
    ...(keys === undefined ? {} : { keys }),
    ...(onCluster === undefined ? {} : { cluster: onCluster.nodes }),
    password: onCluster?.password ?? redisService.password,
    db: workerRedisDatabase(),
    name: limitName('fleet'),
    ratePerSecond,
    instances: 4,
    startAt: Date.now() + 1_500,
    durationMs,
    lanes: 4,
  };
  const reports = Promise.all(
    Array.from({ length: 4 }, () => runInstance<FleetWorkerReport>(workerScript, config)),
  );
  return { startAt: config.startAt, reports };
}

describe('four OS processes share one fleet rate limit on Redis', () => {
  test('200/s for 5 s (burst 20): the fleet admits 1,020 within 5%, each instance its share', async () => {
    const { reports } = runFleet(redisService, 200, 5_000);
    const granted = (await reports).map((report) => report.granted);
    const total = granted.reduce((sum, n) => sum + n, 0);
    expect(total).toBeGreaterThanOrEqual(1_020 * 0.95);
    expect(total).toBeLessThanOrEqual(1_020 * 1.05);
    for (const share of granted) expect(share).toBeGreaterThan(100);
  }, 30_000);

  test('two keys across the fleet are limited independently: each admits 1,020 within 5%', async () => {
    const { reports } = runFleet(redisService, 200, 5_000, { keys: ['tenant-a', 'tenant-b'] });
    const done = await reports;
    for (const key of ['tenant-a', 'tenant-b']) {
      const total = done.reduce((sum, report) => sum + (report.grantedByKey[key] ?? 0), 0);
      expect(total).toBeGreaterThanOrEqual(1_020 * 0.95);
      expect(total).toBeLessThanOrEqual(1_020 * 1.05);
    }
  }, 30_000);

  test('on a Redis Cluster: 200/s for 5 s (burst 20) admits 1,020 within 5%', async () => {
    const cluster = requireService(inject('bulwarkServices'), 'redisCluster');
    const { reports } = runFleet(redisService, 200, 5_000, { onCluster: cluster });
    const total = (await reports).reduce((sum, report) => sum + report.granted, 0);
    expect(total).toBeGreaterThanOrEqual(1_020 * 0.95);
    expect(total).toBeLessThanOrEqual(1_020 * 1.05);
  }, 30_000);

  test('Redis gone mid-run: every instance is on its stand-in within 100 ms, and back on Redis after', async () => {
    const proxy = await useFaultProxy(redisService.proxyUpstream);
    const { startAt, reports } = runFleet(proxy, 200, 4_000);
    await new Promise((resolve) => setTimeout(resolve, startAt - Date.now() + 1_000));
    const downAt = Date.now();
    const down = await proxy.down();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await down[Symbol.asyncDispose]();
    for (const report of await reports) {
      expect(report.switches.map((s) => s.to)).toEqual(['local', 'redis']);
      expect(report.switches[0]?.at ?? Infinity).toBeLessThan(downAt + 100);
      // No call waited past the 1 s it accepts, plus the limiter's Redis timeout (50 ms).
      expect(report.slowestMs).toBeLessThan(1_100);
    }
  }, 30_000);
});
