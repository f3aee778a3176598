import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { workerRedisDatabase } from '../../../src/testkit/isolation.ts';
import { startHttpUpstream } from '../../../src/testkit/services/http-upstream.ts';
import type { ProbeWorkerConfig, ProbeWorkerReport } from './probe-worker.ts';
import { limitName, redisService, runInstance } from './fleet-harness.ts';

const workerScript = fileURLToPath(new URL('./probe-worker.ts', import.meta.url));

describe('one probe for the fleet', () => {
  test('four instances with open circuits check the upstream as one would, and all close on one probe', async () => {
    // 503 to every call and recovery check (HEAD /) until the test says otherwise.
    await using service = await startHttpUpstream();
    service.script('GET /work', { status: 503 });
    service.script('HEAD /', { status: 503 });
    const startedAt = Date.now();
    const config: ProbeWorkerConfig = {
      redis: {
        host: redisService.host,
        port: redisService.port,
        password: redisService.password,
      },
      db: workerRedisDatabase(),
      name: limitName('probe'),
      baseUrl: service.url,
      endAt: startedAt + 6_000,
    };
    const reports = Promise.all(
      Array.from({ length: 4 }, () => runInstance<ProbeWorkerReport>(workerScript, config)),
    );
    // Down for 4 s: every circuit opens within the first second; the checks of the next
    // 2 s (one each 100 ms for the fleet, 20 in all) are counted.
    await new Promise((resolve) => setTimeout(resolve, 1_500 - (Date.now() - startedAt)));
    const from = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const checks = service
      .requests('HEAD /')
      .filter(({ at }) => at >= from && at < from + 2_000).length;
    service.script('GET /work', { status: 200 });
    service.script('HEAD /', { status: 200 });
    const healthyAt = Date.now();
    const done = await reports;
    // One instance's worth (20), with room for a turn that starts as another ends; four
    // instances alone would send 80.
    expect(checks).toBeGreaterThanOrEqual(15);
    expect(checks).toBeLessThanOrEqual(30);
    for (const report of done) {
      const last = report.transitions.at(-1);
      expect(last?.to).toBe('closed');
      expect(last?.at ?? Infinity).toBeLessThan(healthyAt + 1_500);
    }
    const closedOnNews = done.filter((r) =>
      r.transitions.some((t) => t.reason === 'another instance of the fleet closed its circuit'),
    );
    expect(closedOnNews.length).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
