// The `tail` goal of hedging: one reply in twenty held back 500 ms by a relay (the same seeded
// replies for both sides), reads from 8 loops, each starting one every 50 ms, raw driver
// against bulwark hedging with the drill's `maxHedges: 2`, measured in the same run: p50, p99,
// and the attempts each call cost. Paced, not flat out: a pool kept busy by loops that never
// pause has every connection taken, by calls and by the replies held back, and then neither
// side has a connection for anything; the tail is one slow reply among calls served as usual.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { Agent, request } from 'undici';
import type { EventBus, PipelineEvent } from '../src/index.ts';
import { createHttpClient } from '../src/http/index.ts';
import { createPostgresClient } from '../src/postgres/index.ts';
import { startServices, startTailRelay, type TailRelay } from '../src/testkit/index.ts';
import { printTable } from './measure.ts';

const CALLS = Number(process.env['BENCH_TAIL_CALLS'] ?? 1_000);
/** Each loop starts a read this often, ms. */
const PACE_MS = 50;
const CONCURRENCY = 8;
const ROUNDS = 3;

interface Side {
  readonly read: () => Promise<unknown>;
  readonly close: () => Promise<void>;
  readonly events?: EventBus<PipelineEvent>;
}

interface Tally {
  readonly latencies: number[];
  attempts: number;
  calls: number;
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;

/** `CALLS` reads from `CONCURRENCY` loops through a fresh relay slowing one reply in twenty. */
async function measure(target: string, open: (relay: TailRelay) => Side, into: Tally) {
  const relay = await startTailRelay(target);
  const side = open(relay);
  // Connections made and the answer time learnt before the relay slows anything.
  for (let i = 0; i < 100; i++) await side.read();
  let attempts = 0;
  const counted = side.events?.on((event) => {
    if (event.type === 'call') attempts += event.attempts;
  });
  relay.slow({ share: 0.05, delayMs: 500, seed: 7 });
  let left = CALLS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const started = performance.now();
        await side.read();
        const ms = performance.now() - started;
        into.latencies.push(ms);
        if (ms < PACE_MS) await new Promise((resolve) => setTimeout(resolve, PACE_MS - ms));
      }
    }),
  );
  counted?.dispose();
  into.calls += CALLS;
  // The raw driver makes one attempt per call.
  into.attempts += side.events === undefined ? CALLS : attempts;
  await side.close();
  await relay.close();
}

function row(client: string, side: string, tally: Tally, rawP99?: number): string[] {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const p99 = quantile(sorted, 0.99);
  return [
    client,
    side,
    quantile(sorted, 0.5).toFixed(1),
    p99.toFixed(1),
    quantile(sorted, 0.999).toFixed(1),
    `${(((tally.attempts - tally.calls) / tally.calls) * 100).toFixed(1)}%`,
    rawP99 === undefined ? '' : `${(p99 / rawP99).toFixed(2)}x`,
  ];
}

async function compare(
  client: string,
  target: string,
  raw: (relay: TailRelay) => Side,
  bulwark: (relay: TailRelay) => Side,
): Promise<string[][]> {
  const tally = (): Tally => ({ latencies: [], attempts: 0, calls: 0 });
  const tallies = { raw: tally(), bulwark: tally() };
  for (let round = 0; round < ROUNDS; round++) {
    await measure(target, raw, tallies.raw);
    await measure(target, bulwark, tallies.bulwark);
  }
  const rawP99 = quantile(
    [...tallies.raw.latencies].sort((a, b) => a - b),
    0.99,
  );
  return [row(client, 'raw', tallies.raw), row(client, 'bulwark', tallies.bulwark, rawP99)];
}

export async function runTailBench(): Promise<void> {
  console.log(
    `\ntail: one reply in twenty held 500 ms; ${CALLS} reads from ${CONCURRENCY} loops (one each per ${PACE_MS} ms), ${ROUNDS} rounds a side\n`,
  );
  const rows: string[][] = [];
  const server = spawn(process.execPath, [new URL('./json-server.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const target = `127.0.0.1:${line.trim()}`;
    rows.push(
      ...(await compare(
        'http',
        target,
        (relay) => {
          const agent = new Agent({ connections: 64 });
          return {
            read: async () =>
              (await request(`http://${relay.address}/item`, { dispatcher: agent })).body.json(),
            close: () => agent.close(),
          };
        },
        (relay) => {
          const client = createHttpClient({
            baseUrl: `http://${relay.address}`,
            service: 'bench',
            connections: 64,
            hedge: { maxHedges: 2 },
          });
          return {
            read: () => client.getJson('/item'),
            close: () => client.close(),
            events: client.events,
          };
        },
      )),
    );
  } finally {
    server.kill();
  }
  await using services = await startServices({ redisTls: false, redisCluster: false });
  const { host, port, user, password, database } = services.endpoints.postgres;
  rows.push(
    ...(await compare(
      'postgres',
      `${host}:${port}`,
      (relay) => {
        const pool = new pg.Pool({
          host: relay.host,
          port: relay.port,
          user,
          password,
          database,
          max: 16,
        });
        return { read: () => pool.query('SELECT 1'), close: () => pool.end() };
      },
      (relay) => {
        const db = createPostgresClient({
          connection: { host: relay.host, port: relay.port, user, password, database, max: 16 },
          hedge: { maxHedges: 2 },
        });
        return { read: () => db.query('SELECT 1'), close: () => db.close(), events: db.events };
      },
    )),
  );
  printTable(
    ['client', 'side', 'p50 ms', 'p99 ms', 'p99.9 ms', 'extra attempts', 'p99 vs raw'],
    rows,
  );
}

if (import.meta.main) await runTailBench();
