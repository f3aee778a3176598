import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { freePort } from '../../../src/testkit/process/free-port.ts';
import { workerRedisDatabase } from '../../../src/testkit/isolation.ts';
import type { BudgetWorkerConfig, BudgetWorkerReport } from './budget-worker.ts';
import { limitName, redisService, runInstance } from './fleet-harness.ts';

const workerScript = fileURLToPath(new URL('./budget-worker.ts', import.meta.url));

describe('a fleet retry budget on Redis', () => {
  test('four OS processes against an upstream that is down: retries stay within 20% of the calls', async () => {
    const config: BudgetWorkerConfig = {
      host: redisService.host,
      port: redisService.port,
      password: redisService.password,
      db: workerRedisDatabase(),
      name: limitName('budget'),
      ratio: 0.2,
      deadPort: await freePort(),
      startAt: Date.now() + 1_500,
      durationMs: 3_000,
      lanes: 4,
    };
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => runInstance<BudgetWorkerReport>(workerScript, config)),
    );
    const calls = reports.reduce((sum, r) => sum + r.calls, 0);
    const retries = reports.reduce((sum, r) => sum + r.attempts - r.calls, 0);
    expect(calls).toBeGreaterThan(1_000);
    // Without the budget each call would make 4 attempts: 3 retries a call.
    expect(retries).toBeLessThanOrEqual(calls * 0.2 * 1.05);
    expect(retries).toBeGreaterThan(calls * 0.1);
  }, 30_000);
});
