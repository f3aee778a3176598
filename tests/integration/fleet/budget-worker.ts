// One instance of a fleet, as its own OS process: `lanes` callers call an upstream that is
// down (a port nothing listens on) through a pipeline whose retries draw on a fleet retry
// budget, from `startAt` to `startAt + durationMs` (epoch ms), then it prints its calls and
// attempts as one line of JSON.
import { connect } from 'node:net';
import { createPipeline } from '../../../src/core/pipeline.ts';
import { createFleetRetryBudget } from '../../../src/fleet/index.ts';
import { createRedisClient } from '../../../src/redis/index.ts';
import { processConfig } from '../../../src/testkit/process/run-json-process.ts';

export interface BudgetWorkerConfig {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly db: number;
  readonly name: string;
  readonly ratio: number;
  readonly deadPort: number;
  readonly startAt: number;
  readonly durationMs: number;
  readonly lanes: number;
}

export interface BudgetWorkerReport {
  readonly calls: number;
  readonly attempts: number;
}

const config = processConfig<BudgetWorkerConfig>();
const redis = createRedisClient({
  host: config.host,
  port: config.port,
  password: config.password,
  db: config.db,
});
const budget = createFleetRetryBudget({
  redis,
  name: config.name,
  ratio: config.ratio,
  minRetriesPerSecond: 0,
  whenRedisFails: 'refuse',
});
const upstream = createPipeline({
  service: 'down',
  breaker: false,
  retry: { maxAttempts: 4, backoff: { initialDelayMs: 10, jitter: 'none' }, budget },
});
let calls = 0;
let attempts = 0;
upstream.events.on((event) => {
  if (event.type === 'attempt') attempts++;
  if (event.type === 'call') calls++;
});

/** One connection to the port nothing listens on: refused at once. */
const reachUpstream = () =>
  new Promise<void>((resolve, reject) => {
    const socket = connect(config.deadPort, '127.0.0.1');
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.destroy();
      resolve();
    });
  });

await redis.command('PING');
while (Date.now() < config.startAt) await new Promise((resolve) => setTimeout(resolve, 1));
const endAt = config.startAt + config.durationMs;
async function lane(): Promise<void> {
  while (Date.now() < endAt) {
    await upstream.execute(reachUpstream, { operation: 'get', idempotent: true }).catch(() => {});
  }
}
await Promise.all(Array.from({ length: config.lanes }, lane));
budget.dispose();
await redis.close();
const report: BudgetWorkerReport = { calls, attempts };
process.stdout.write(`${JSON.stringify(report)}\n`);
