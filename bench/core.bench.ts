// The per-call cost of bulwark's full pipeline against a bare async call and against the peers
// cockatiel (retry + breaker + timeout) and opossum (breaker with timeout), on the same no-op.
// Also: timers left after a burst, heap growth over many calls, heap bytes per breaker.
import {
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import { CircuitBreaker, createPipeline } from '../src/index.ts';
import {
  collect,
  heapUsed,
  interleavedMedians,
  pendingTimers,
  printTable,
  type AsyncCall,
} from './measure.ts';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 200_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);

const noop = (): Promise<number> => Promise.resolve(1);

function bulwarkFull() {
  return createPipeline({
    service: 'bench',
    retry: { maxAttempts: 3 },
    breaker: { consecutiveFailures: 5, openDurationMs: 10_000 },
    rateLimit: { ratePerSecond: 1e12, burst: 1e12 },
    timeout: { attemptMs: 10_000, totalMs: 30_000 },
    bulkhead: { maxConcurrent: 100_000, maxQueue: 100_000 },
  });
}

function cockatielPipeline() {
  return wrap(
    retry(handleAll, { maxAttempts: 2, backoff: new ExponentialBackoff() }),
    circuitBreaker(handleAll, { halfOpenAfter: 10_000, breaker: new ConsecutiveBreaker(5) }),
    timeout(10_000, TimeoutStrategy.Aggressive),
  );
}

function opossumBreaker() {
  return new Opossum(noop, { timeout: 10_000, resetTimeout: 10_000 });
}

interface Contender {
  readonly name: string;
  readonly make: () => { call: AsyncCall; dispose: () => void };
}

const contenders: readonly Contender[] = [
  { name: 'bare async call', make: () => ({ call: noop, dispose: () => undefined }) },
  {
    name: 'bulwark (retry+breaker+rate+timeout+bulkhead)',
    make: () => {
      const pipeline = bulwarkFull();
      const options = { operation: 'noop', idempotent: true };
      return { call: () => pipeline.execute(noop, options), dispose: () => undefined };
    },
  },
  {
    name: 'cockatiel (retry+breaker+timeout)',
    make: () => {
      const policy = cockatielPipeline();
      return { call: () => policy.execute(noop), dispose: () => undefined };
    },
  },
  {
    name: 'opossum (breaker+timeout)',
    make: () => {
      const breaker = opossumBreaker();
      return { call: () => breaker.fire(), dispose: () => breaker.shutdown() };
    },
  },
];

async function timersAfterBurst(make: Contender['make']): Promise<number> {
  const { call, dispose } = make();
  await Promise.all(Array.from({ length: 10_000 }, () => call()));
  // One turn of the event loop: bulwark lets its shared timeout timer go at the end of it.
  await new Promise((resolve) => setImmediate(resolve));
  const left = pendingTimers();
  dispose();
  return left;
}

async function heapGrowth(make: Contender['make'], calls: number): Promise<number> {
  const { call, dispose } = make();
  for (let i = 0; i < 10_000; i++) await call();
  const before = heapUsed();
  for (let i = 0; i < calls; i++) await call();
  const after = heapUsed();
  dispose();
  return after - before;
}

function bytesPerBreaker(): number {
  const count = 10_000;
  const keep: CircuitBreaker[] = [];
  const before = heapUsed();
  for (let i = 0; i < count; i++) keep.push(new CircuitBreaker({ consecutiveFailures: 5 }));
  const after = heapUsed();
  if (keep.length !== count) throw new Error('unreachable');
  return (after - before) / count;
}

export async function runCoreBench(): Promise<void> {
  console.log(
    `core: ${CALLS} sequential calls per run, median of ${RUNS} runs, Node ${process.version}\n`,
  );
  const baseTimers = pendingTimers();
  const made = contenders.map((contender) => contender.make());
  const medians = await interleavedMedians(
    made.map((m) => m.call),
    CALLS,
    RUNS,
  );
  for (const m of made) m.dispose();
  const rows: string[][] = [];
  const cost = new Map<string, number>();
  for (const [i, contender] of contenders.entries()) {
    const ns = medians[i] ?? Number.NaN;
    cost.set(contender.name, ns);
    const timers = (await timersAfterBurst(contender.make)) - baseTimers;
    const growth = await heapGrowth(contender.make, 1_000_000);
    rows.push([
      contender.name,
      ns.toFixed(0),
      '',
      String(timers),
      `${(growth / 1024).toFixed(0)} KiB`,
    ]);
  }
  const bulwarkNs = cost.get(contenders[1]?.name ?? '') ?? Number.NaN;
  for (const row of rows)
    row[2] = `${((cost.get(row[0] ?? '') ?? Number.NaN) / bulwarkNs).toFixed(2)}x`;
  printTable(
    [
      'per call',
      'ns/call',
      'vs bulwark',
      'timers left after 10k burst (+1 loop turn)',
      'heap growth over 1e6 calls',
    ],
    rows,
  );
  collect();
  const perBreaker = bytesPerBreaker();
  console.log(`\nheap bytes per CircuitBreaker: ${perBreaker.toFixed(0)}`);
  const opossumNs = cost.get(contenders[3]?.name ?? '') ?? Number.NaN;
  const cockatielNs = cost.get(contenders[2]?.name ?? '') ?? Number.NaN;
  console.log(
    `bulwark's full pipeline is ${(opossumNs / bulwarkNs).toFixed(1)}x cheaper per call than opossum (goal >= 2x) ` +
      `and ${(cockatielNs / bulwarkNs).toFixed(1)}x cheaper than cockatiel (goal >= 10x).`,
  );
}
