// GET of a small value through bulwark/redis against raw ioredis: the same Redis (started by
// the test kit, reached directly, no proxy), the same run, each over one connection.
import { Redis } from 'ioredis';
import { createRedisClient } from '../src/redis/index.ts';
import { startServices } from '../src/testkit/index.ts';
import { printRawVersusBulwark, rawVersusBulwark, type RawVersusBulwark } from './measure.ts';

const SCALE = Number(process.env['BENCH_REDIS_SCALE'] ?? 1);
// Many rounds of a few hundred milliseconds, as for PostgreSQL: one at a time, a round's
// throughput moves by tens of percent with the machine's load, and nine rounds left the median
// a few points either way from run to run.
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 31);
/** Calls per round at each concurrency. */
const CALLS: ReadonlyMap<number, number> = new Map([
  [1, 1_000 * SCALE],
  [64, 20_000 * SCALE],
]);

export async function runRedisBench(): Promise<void> {
  // Neither the TLS Redis nor the Cluster is measured here.
  await using services = await startServices({ redisTls: false, redisCluster: false });
  const { host, port, password } = services.endpoints.redis;
  const raw = new Redis({ host, port, password });
  // ioredis's own way of putting many commands in one write, as a peer: bulwark gathers each
  // tick's commands into one write too, and against this the gain from fewer system calls is
  // set aside and what remains is the price of the pipeline.
  const batching = new Redis({ host, port, password, enableAutoPipelining: true });
  // bulwark's defaults: retry, breaker and timeouts on, as a service would run it.
  const client = createRedisClient({ host, port, password, service: 'bench' });
  try {
    const key = 'bulwark:bench:get';
    await raw.set(key, 'x'.repeat(64));
    const rawGet = () => raw.get(key);
    const bulwarkGet = () => client.get(key);
    const sizes = [...CALLS].map(([c, calls]) => `${calls} at concurrency ${c}`).join(', ');
    console.log(`\nredis: GET of a 64-byte value, ${sizes} per round, ${ROUNDS} rounds\n`);
    const results: RawVersusBulwark[] = [];
    for (const [concurrency, calls] of CALLS) {
      results.push(await rawVersusBulwark(rawGet, bulwarkGet, concurrency, calls, ROUNDS));
    }
    printRawVersusBulwark('bulwark/redis', 'ioredis', results);
    console.log('\nthe same against ioredis with enableAutoPipelining (one write per tick too):\n');
    const batchingGet = () => batching.get(key);
    const peer: RawVersusBulwark[] = [];
    for (const [concurrency, calls] of CALLS) {
      peer.push(await rawVersusBulwark(batchingGet, bulwarkGet, concurrency, calls, ROUNDS));
    }
    printRawVersusBulwark('bulwark/redis', 'auto-pipelined ioredis', peer, null);
    await raw.del(key);
  } finally {
    await client.close();
    await Promise.all([raw.quit(), batching.quit()]);
  }
}
