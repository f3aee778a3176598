// `SELECT 1` through bulwark/postgres against a raw pg Pool, both talking to the same real
// PostgreSQL (the test kit's), at concurrency 1 and 16. Prints throughput, CPU time per call
// and their ratios; the goal is >= 95% of raw throughput.
import pg from 'pg';
import { createPostgresClient } from '../src/postgres/index.ts';
import {
  CoalescedWrites,
  gatherWhenOthersInFlight,
  PoolHandoff,
  type StatementPath,
} from '../src/postgres/transport/index.ts';
import { startServices } from '../src/testkit/index.ts';
import { printRawVersusBulwark, rawVersusBulwark, type RawVersusBulwark } from './measure.ts';

// Rounds of a few hundred milliseconds, many of them: a shared machine's load comes in bursts,
// and the median of many rounds shrugs off a burst that would skew a few long ones.
const OPS_SCALE = Number(process.env['BENCH_PG_SCALE'] ?? 1);
const RUNS = Number(process.env['BENCH_PG_RUNS'] ?? 31);
/** Calls per round at each concurrency. */
const OPS: ReadonlyMap<number, number> = new Map([
  [1, 1_000 * OPS_SCALE],
  [16, 5_000 * OPS_SCALE],
]);

export async function runPostgresBench(): Promise<void> {
  // Neither the TLS Redis nor the Cluster is measured here.
  await using services = await startServices({ redisTls: false, redisCluster: false });
  const { host, port, user, password, database } = services.endpoints.postgres;
  // The same pool size for both, so that neither waits for a connection the other would have.
  const connection = { host, port, user, password, database, max: Math.max(...OPS.keys()) };
  const raw = new pg.Pool(connection);
  // As bulwark does: a connection that breaks while idle (the server stopping at the end of
  // the run) must not crash the process.
  raw.on('error', () => undefined);
  // bulwark hands a statement's connection straight to the next statement of the same turn,
  // past pg-pool's check-in and check-out, and sends the statements written while others are
  // in flight together at the end of the turn. A pool that does the same with no pipeline, as
  // a peer, sets that gain aside: against it, what remains is the price of the pipeline.
  const handed = new pg.Pool(connection);
  handed.on('error', () => undefined);
  const handoff = new PoolHandoff(handed, true);
  const path: StatementPath = {
    handoff,
    writes: new CoalescedWrites('turn'),
    startupMs: undefined,
  };
  const handedQuery = () =>
    new Promise((resolve, reject) => {
      handoff.connect((error, client) => {
        if (error || !client) return reject(error ?? new Error('no connection'));
        gatherWhenOthersInFlight(path, client);
        client.query('SELECT 1', (queryError, result) => {
          handoff.release(client, false);
          if (queryError) reject(queryError);
          else resolve(result);
        });
      });
    });
  // The pipeline as a service would run it: retries, breaker and timeouts at their defaults.
  const bulwark = createPostgresClient({ connection });
  try {
    // Fill both pools first: connecting is not what is measured.
    const warm = Array.from({ length: connection.max }, () => 'SELECT pg_sleep(0.05)');
    const warming = [raw, handed].flatMap((pool) => warm.map((q) => pool.query(q)));
    await Promise.all([...warming, ...warm.map((q) => bulwark.query(q))]);
    const sizes = [...OPS].map(([c, ops]) => `${ops} at concurrency ${c}`).join(', ');
    console.log(`\npostgres: SELECT 1, ${sizes} per round, median of ${RUNS} rounds\n`);
    const results: RawVersusBulwark[] = [];
    for (const [concurrency, ops] of OPS) {
      results.push(
        await rawVersusBulwark(
          () => raw.query('SELECT 1'),
          () => bulwark.query('SELECT 1'),
          concurrency,
          ops,
          RUNS,
        ),
      );
    }
    printRawVersusBulwark('bulwark/postgres', 'pg', results);
    console.log(
      '\nthe same against pg with the same hand-off and gathered writes (no pipeline):\n',
    );
    const peer: RawVersusBulwark[] = [];
    for (const [concurrency, ops] of OPS) {
      peer.push(
        await rawVersusBulwark(
          handedQuery,
          () => bulwark.query('SELECT 1'),
          concurrency,
          ops,
          RUNS,
        ),
      );
    }
    printRawVersusBulwark('bulwark/postgres', 'pg, same transport', peer, null);
  } finally {
    handoff.returnKept();
    await Promise.all([raw.end(), handed.end(), bulwark.close()]);
  }
}

// Run on its own: `node --expose-gc bench/postgres.bench.ts`.
if (import.meta.main) await runPostgresBench();
