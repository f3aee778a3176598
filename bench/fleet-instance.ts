// One process of the fleet bench: 16 callers ask a fleet limit (bulwark's or
// rate-limiter-flexible's) for permits in reject mode from `startAt` for `durationMs`, and it
// prints how many were granted. Started by fleet.bench.ts.
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createFleetRateLimiter } from '../src/fleet/index.ts';
import { createRedisClient } from '../src/redis/index.ts';
import { processConfig } from '../src/testkit/process/run-json-process.ts';

interface InstanceConfig {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly side: 'bulwark' | 'peer';
  readonly name: string;
  readonly ratePerSecond: number;
  readonly startAt: number;
  readonly durationMs: number;
}

async function main(config: InstanceConfig): Promise<void> {
  const { host, port, password } = config;
  const redis = createRedisClient({ host, port, password });
  const raw = new Redis({ host, port, password });
  const bulwark = createFleetRateLimiter({
    redis,
    name: config.name,
    ratePerSecond: config.ratePerSecond,
    whenRedisFails: 'refuse',
  });
  const peer = new RateLimiterRedis({
    storeClient: raw,
    keyPrefix: config.name,
    points: Math.round(config.ratePerSecond),
    duration: 1,
  });
  const ask =
    config.side === 'bulwark'
      ? async () => (await bulwark.acquire(0)) === 0
      : () =>
          peer.consume('fleet').then(
            () => true,
            () => false,
          );
  await ask();
  while (Date.now() < config.startAt) await new Promise((resolve) => setTimeout(resolve, 1));
  const endAt = config.startAt + config.durationMs;
  let permits = 0;
  const lane = async () => {
    while (Date.now() < endAt) if ((await ask()) && Date.now() < endAt) permits++;
  };
  await Promise.all(Array.from({ length: 16 }, lane));
  await redis.close();
  await raw.quit();
  process.stdout.write(`${JSON.stringify({ permits })}\n`);
}

await main(processConfig<InstanceConfig>());
