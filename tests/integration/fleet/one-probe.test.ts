import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { workerRedisDatabase } from '../../../src/testkit/isolation.ts';
import type { ProbeWorkerConfig, ProbeWorkerReport } from './probe-worker.ts';
import { limitName, redisService, runInstance } from './fleet-harness.ts';

const workerScript = fileURLToPath(new URL('./probe-worker.ts', import.meta.url));

/** An HTTP upstream that answers 503 until `healthy`, counting recovery checks (HEAD). */
async function upstream() {
  const state = { healthy: false, checks: [] as number[], calls: 0 };
  const server: Server = createServer((request, response) => {
    if (request.method === 'HEAD') state.checks.push(Date.now());
    else state.calls++;
    response.statusCode = state.healthy ? 200 : 503;
    response.end(request.method === 'HEAD' ? undefined : 'x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { state, baseUrl: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe('one probe for the fleet', () => {
  test('four instances with open circuits check the upstream as one would, and all close on one probe', async () => {
    const service = await upstream();
    try {
      const startedAt = Date.now();
      const config: ProbeWorkerConfig = {
        redis: {
          host: redisService.host,
          port: redisService.port,
          password: redisService.password,
        },
        db: workerRedisDatabase(),
        name: limitName('probe'),
        baseUrl: service.baseUrl,
        endAt: startedAt + 6_000,
      };
      const reports = Promise.all(
        Array.from({ length: 4 }, () => runInstance<ProbeWorkerReport>(workerScript, config)),
      );
      // Down for 4 s: every circuit opens within the first second; the checks of the next
      // 2 s (one each 100 ms for the fleet, 20 in all) are counted.
      await new Promise((resolve) => setTimeout(resolve, 1_500 - (Date.now() - startedAt)));
      const from = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const checks = service.state.checks.filter((at) => at >= from && at < from + 2_000).length;
      service.state.healthy = true;
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
    } finally {
      service.close();
    }
  }, 30_000);
});
