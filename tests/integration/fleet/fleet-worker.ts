// One instance of a fleet, as its own OS process: `lanes` callers ask a fleet rate limit for
// permits in delay mode from `startAt` to `startAt + durationMs` (epoch ms, shared by the
// fleet), then it prints how many were admitted in that window and its switches between Redis
// and its stand-in, as one line of JSON.
import { createFleetRateLimiter, type FleetEvent } from '../../../src/fleet/index.ts';
import { createRedisClient } from '../../../src/redis/index.ts';
import { processConfig } from '../../../src/testkit/process/run-json-process.ts';

export interface FleetWorkerConfig {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly db: number;
  /** A Cluster's nodes, to share the limit on a Cluster instead of `host:port`. */
  readonly cluster?: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly name: string;
  readonly ratePerSecond: number;
  readonly instances: number;
  readonly startAt: number;
  readonly durationMs: number;
  /** Callers asking at once in this instance. */
  readonly lanes: number;
  /** Keys (tenants) the lanes ask for, in turn; one limit for all when absent. */
  readonly keys?: readonly string[];
}

export interface FleetWorkerReport {
  readonly granted: number;
  /** Granted per key, when the lanes ask for keys. */
  readonly grantedByKey: Readonly<Record<string, number>>;
  readonly switches: ReadonlyArray<{ readonly to: string; readonly at: number }>;
  readonly slowestMs: number;
}

const config = processConfig<FleetWorkerConfig>();
const where =
  config.cluster === undefined
    ? { host: config.host, port: config.port, db: config.db }
    : { cluster: { nodes: config.cluster } };
const redis = createRedisClient({
  ...where,
  ...(config.password === '' ? {} : { password: config.password }),
  retry: false,
  breaker: false,
});
const limiter = createFleetRateLimiter({
  redis,
  name: config.name,
  ratePerSecond: config.ratePerSecond,
  whenRedisFails: { instances: config.instances },
  key: (call) => String(call.context?.['tenant'] ?? 'all'),
});
const switches: Array<{ to: string; at: number }> = [];
limiter.fallback.events.on((event: FleetEvent) => switches.push({ to: event.to, at: Date.now() }));

await redis.command('PING'); // connected before the fleet starts
while (Date.now() < config.startAt) await new Promise((resolve) => setTimeout(resolve, 1));
let granted = 0;
const grantedByKey: Record<string, number> = {};
let slowestMs = 0;
const endAt = config.startAt + config.durationMs;
/**
 * One caller: asks in delay mode (waiting up to 1 s for its reserved moment) until the end,
 * counting the permits admitted before it. A refusal (none within 1 s) asks again at once.
 */
async function lane(index: number): Promise<void> {
  const tenant = config.keys?.[index % config.keys.length] ?? 'all';
  const call = { operation: 'get', context: { tenant } };
  while (Date.now() < endAt) {
    const asked = performance.now();
    const waitMs = await limiter.acquire(1_000, undefined, call);
    // Its reserved wait (at most the 1 s it accepts) and the decision: Redis's or the stand-in's.
    slowestMs = Math.max(slowestMs, performance.now() - asked);
    if (waitMs === 0 && Date.now() < endAt) {
      granted++;
      grantedByKey[tenant] = (grantedByKey[tenant] ?? 0) + 1;
    }
  }
}
await Promise.all(Array.from({ length: config.lanes }, (_, index) => lane(index)));
await redis.close();
const report: FleetWorkerReport = { granted, grantedByKey, switches, slowestMs };
process.stdout.write(`${JSON.stringify(report)}\n`);
