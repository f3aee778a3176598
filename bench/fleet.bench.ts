// A fleet rate limit on Redis: bulwark/fleet's limiter against rate-limiter-flexible's
// RateLimiterRedis (the library most Node users pick for this), on the same Redis in the same
// run: permits a second and the time a permit adds, in one process and in four; the round
// trips per permit; and the rate four processes admit under a real limit, against that limit.
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createFleetRateLimiter } from '../src/fleet/index.ts';
import { createRedisClient } from '../src/redis/index.ts';
import { startServices } from '../src/testkit/index.ts';
import { runJsonProcess as runInstance } from '../src/testkit/process/run-json-process.ts';
import { printRawVersusBulwark, rawVersusBulwark } from './measure.ts';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 9);
/** A limit no run reaches: every permit is granted, so what is measured is the asking. */
const UNREACHED = 1e9;
const instanceScript = fileURLToPath(new URL('./fleet-instance.ts', import.meta.url));

/** p50 and p99 of `count` permits asked one after another, in µs. */
async function permitLatency(
  ask: () => Promise<unknown>,
  count: number,
): Promise<[number, number]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await ask();
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(count * 0.5)] ?? 0, times[Math.floor(count * 0.99)] ?? 0];
}

/** Requests Redis answered for `ask` (scripts and commands, not those inside scripts), per call. */
async function roundTripsPerPermit(admin: Redis, ask: () => Promise<unknown>): Promise<number> {
  const calls = async () => {
    const stats = String(await admin.info('commandstats'));
    // Commands a script runs are counted too: only the scripts' own entries are requests.
    return [...stats.matchAll(/cmdstat_(?:evalsha|eval|exec):calls=(\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  };
  await admin.config('RESETSTAT');
  const before = await calls();
  for (let i = 0; i < 1_000; i++) await ask();
  return ((await calls()) - before) / 1_000;
}

export async function runFleetBench(): Promise<void> {
  // Neither the TLS Redis nor the Cluster is measured here.
  await using services = await startServices({ redisTls: false, redisCluster: false });
  const { host, port, password } = services.endpoints.redis;
  const admin = new Redis({ host, port, password });
  const peerRedis = new Redis({ host, port, password });
  const redis = createRedisClient({ host, port, password, service: 'fleet-bench' });
  try {
    const name = `bench-${Date.now()}`;
    const bulwark = createFleetRateLimiter({
      redis,
      name,
      ratePerSecond: UNREACHED,
      burst: 1_000,
      whenRedisFails: 'refuse',
    });
    const peer = new RateLimiterRedis({
      storeClient: peerRedis,
      keyPrefix: `peer-${name}`,
      points: UNREACHED,
      duration: 1,
    });
    // A figure is bulwark's on Redis only if it never fell back to its stand-in.
    let fellBack = 0;
    bulwark.fallback.events.on((event) => {
      if (event.to === 'local') fellBack++;
    });
    const askBulwark = () => Promise.resolve(bulwark.acquire(0));
    const askPeer = () => peer.consume('fleet');
    console.log(`\nfleet: one permit from a fleet limit on Redis, ${ROUNDS} rounds, one process\n`);
    const results = [
      await rawVersusBulwark(askPeer, askBulwark, 1, 2_000, ROUNDS),
      await rawVersusBulwark(askPeer, askBulwark, 64, 20_000, ROUNDS),
    ];
    printRawVersusBulwark('bulwark/fleet', 'rate-limiter-flexible', results, 1);
    const [bulwarkP50, bulwarkP99] = await permitLatency(askBulwark, 5_000);
    const [peerP50, peerP99] = await permitLatency(askPeer, 5_000);
    console.log(
      `\ntime a permit adds, one at a time (µs): bulwark p50 ${bulwarkP50.toFixed(0)} p99 ${bulwarkP99.toFixed(0)}; rate-limiter-flexible p50 ${peerP50.toFixed(0)} p99 ${peerP99.toFixed(0)}`,
    );
    console.log(`bulwark left Redis for its stand-in ${fellBack} times during these runs`);
    const trips = await roundTripsPerPermit(admin, askBulwark);
    const peerTrips = await roundTripsPerPermit(admin, askPeer);
    console.log(
      `round trips to Redis per permit: bulwark ${trips.toFixed(2)}, rate-limiter-flexible ${peerTrips.toFixed(2)} (goal: at most 1)`,
    );

    // Four processes: throughput, then the admitted rate under a limit they exceed.
    const base = { host, port, password, startAt: 0, durationMs: 3_000 };
    for (const side of ['bulwark', 'peer'] as const) {
      const config = {
        ...base,
        side,
        name: `${name}-4-${side}`,
        ratePerSecond: UNREACHED,
        startAt: Date.now() + 1_500,
      };
      const reports = await Promise.all(
        Array.from({ length: 4 }, () => runInstance<{ permits: number }>(instanceScript, config)),
      );
      const perSecond = reports.reduce((sum, r) => sum + r.permits, 0) / 3;
      console.log(
        `four processes, ${side === 'bulwark' ? 'bulwark' : 'rate-limiter-flexible'}: ${perSecond.toFixed(0)} permits/s`,
      );
    }
    const limit = 2_000;
    for (const side of ['bulwark', 'peer'] as const) {
      const config = {
        ...base,
        side,
        name: `${name}-limit-${side}`,
        ratePerSecond: limit,
        startAt: Date.now() + 1_500,
      };
      const reports = await Promise.all(
        Array.from({ length: 4 }, () => runInstance<{ permits: number }>(instanceScript, config)),
      );
      const admitted = reports.reduce((sum, r) => sum + r.permits, 0) / 3;
      console.log(
        `four processes over a limit of ${limit}/s, ${side === 'bulwark' ? 'bulwark' : 'rate-limiter-flexible'}: admitted ${admitted.toFixed(0)}/s = ${(admitted / limit).toFixed(3)}x the limit (goal: within 0.95-1.05)`,
      );
    }
  } finally {
    await redis.close();
    await Promise.all([admin.quit(), peerRedis.quit()]);
  }
}
