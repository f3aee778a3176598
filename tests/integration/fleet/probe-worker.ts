// One instance of a fleet, as its own OS process: an HTTP client whose recovery checks take
// turns with the fleet's. It opens its circuit on the upstream's 503s, then calls once every
// 100 ms until `endAt` (epoch ms), and prints its breaker's transitions.
import { createFleetProbes } from '../../../src/fleet/index.ts';
import { createHttpClient } from '../../../src/http/index.ts';
import { createRedisClient } from '../../../src/redis/index.ts';
import { processConfig } from '../../../src/testkit/process/run-json-process.ts';

export interface ProbeWorkerConfig {
  readonly redis: { readonly host: string; readonly port: number; readonly password: string };
  readonly db: number;
  readonly name: string;
  readonly baseUrl: string;
  readonly endAt: number;
}

export interface ProbeWorkerReport {
  readonly transitions: ReadonlyArray<{
    readonly to: string;
    readonly reason: string;
    readonly at: number;
  }>;
}

const config = processConfig<ProbeWorkerConfig>();
const redis = createRedisClient({ ...config.redis, db: config.db });
const turns = createFleetProbes({ redis, name: config.name });
const http = createHttpClient({
  baseUrl: config.baseUrl,
  retry: false,
  breaker: { consecutiveFailures: 2, openDurationMs: 60_000 },
  recoveryCheck: { intervalMs: 100, turns },
});
const transitions: Array<{ to: string; reason: string; at: number }> = [];
http.events.on((event) => {
  if (event.type === 'breaker')
    transitions.push({ to: event.to, reason: event.reason, at: Date.now() });
});
while (Date.now() < config.endAt) {
  await http.get('/work').catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await http.close();
await redis.close();
const report: ProbeWorkerReport = { transitions };
process.stdout.write(`${JSON.stringify(report)}\n`);
