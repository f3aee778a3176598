// The `overload` goal of the adaptive concurrency limit: a real HTTP server whose latency grows
// with the requests in flight (processor sharing past a capacity of 4 at 80 ms: 50 calls/s),
// offered twice its capacity in an open loop for a few seconds (after four at half of it), with a 1 s deadline per call.
// Raw undici against bulwark/http with `bulkhead: { adaptive: true }`, same run: goodput (calls
// served within the deadline, per second), p99 of the served calls, and how fast refusals came.
import { Agent, request } from 'undici';
import { createHttpClient } from '../src/http/index.ts';
import { startOverloadableUpstream } from '../src/testkit/index.ts';
import { printTable } from './measure.ts';

const SECONDS = Number(process.env['BENCH_OVERLOAD_SECONDS'] ?? 8);
const DEADLINE_MS = 1_000;
const WARM_UP_SECONDS = 4;

interface Outcome {
  readonly served: number[];
  readonly refused: number[];
  failed: number;
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? NaN;
};

/**
 * Calls at `ratePerSecond` for `seconds`, each started on time whatever the others do.
 */
async function openLoop(
  ratePerSecond: number,
  call: () => Promise<'served' | 'refused'>,
  seconds = SECONDS,
) {
  const outcome: Outcome = { served: [], refused: [], failed: 0 };
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < ratePerSecond * seconds; i++) {
    const due = started + (i * 1_000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    pending.push(
      call().then(
        (how) => {
          const ms = performance.now() - at;
          if (how === 'refused') outcome.refused.push(ms);
          else if (ms <= DEADLINE_MS) outcome.served.push(ms);
          else outcome.failed++;
        },
        () => void outcome.failed++,
      ),
    );
  }
  await Promise.all(pending);
  return outcome;
}

export async function runOverloadBench(): Promise<void> {
  const rows: string[][] = [];
  let unloadedP99 = NaN;
  let capacity = NaN;
  for (const side of ['unloaded', 'raw', 'bulwark'] as const) {
    await using server = await startOverloadableUpstream();
    capacity = server.capacityPerSecond;
    const rate = side === 'unloaded' ? capacity / 2 : capacity * 2;
    let outcome: Outcome;
    if (side === 'bulwark') {
      const client = createHttpClient({
        baseUrl: server.url,
        service: 'bench',
        connections: 256,
        retry: false,
        timeout: { attemptMs: DEADLINE_MS, totalMs: DEADLINE_MS },
        bulkhead: { adaptive: true },
      });
      const read = () =>
        client.get('/item').then(
          () => 'served' as const,
          (error: { kind?: string }) => {
            if (error.kind === 'bulkhead_full') return 'refused' as const;
            throw error;
          },
        );
      // Four seconds at half the capacity first: the service as it usually is, before the rush.
      await openLoop(capacity / 2, read, WARM_UP_SECONDS);
      outcome = await openLoop(rate, read);
      await client.close();
    } else {
      // undici as most code uses it, with the same deadline as a signal.
      const agent = new Agent({ connections: 256 });
      const read = async () => {
        const response = await request(`${server.url}/item`, {
          dispatcher: agent,
          signal: AbortSignal.timeout(DEADLINE_MS),
        });
        await response.body.dump();
        return 'served' as const;
      };
      await openLoop(capacity / 2, read, WARM_UP_SECONDS);
      outcome = await openLoop(rate, read);
      await agent.close();
    }
    const p99 = quantile(outcome.served, 0.99);
    if (side === 'unloaded') unloadedP99 = p99;
    const goodput = outcome.served.length / SECONDS;
    rows.push([
      side,
      `${rate}/s`,
      goodput.toFixed(1),
      `${((goodput / capacity) * 100).toFixed(0)}%`,
      p99.toFixed(0),
      side === 'unloaded' ? '' : `${(p99 / unloadedP99).toFixed(2)}x`,
      String(outcome.refused.length),
      outcome.refused.length > 0 ? quantile(outcome.refused, 0.99).toFixed(3) : '',
      String(outcome.failed),
    ]);
  }
  console.log(
    `\noverload: a server of ${capacity} calls/s (latency grows with the requests in flight), offered twice that for ${SECONDS} s, ${DEADLINE_MS} ms deadline\n`,
  );
  printTable(
    [
      'side',
      'offered',
      'goodput/s',
      'of capacity',
      'served p99 ms',
      'vs unloaded',
      'refused',
      'refusal p99 ms',
      'failed',
    ],
    rows,
  );
}

if (import.meta.main) await runOverloadBench();
