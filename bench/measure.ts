/** Small measuring helpers shared by the benchmarks. */

export type AsyncCall = () => Promise<unknown>;

/** What one measured run cost: wall-clock time, and CPU time (user + system) of this process. */
export interface RunCost {
  readonly wallNs: number;
  readonly cpuUs: number;
}

/** Runs `run` once and returns its wall-clock and CPU time. */
export async function timeRun(run: () => Promise<unknown>): Promise<RunCost> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const wallNs = Number(process.hrtime.bigint() - start);
  const { user, system } = process.cpuUsage(cpu);
  return { wallNs, cpuUs: user + system };
}

/** Nanoseconds per call of `call`, run `count` times one after another. */
export async function nsPerCall(call: AsyncCall, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await call();
  return Number(process.hrtime.bigint() - start) / count;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The 25th and 75th percentiles of `values`. */
function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.floor((sorted.length - 1) * q)] ?? Number.NaN;
  return [at(0.25), at(0.75)];
}

/**
 * The median ns/call of each of `calls`, measured in interleaved rounds (A, B, C, A, B, C...)
 * after one warm-up round, so that drift in the machine's speed touches every contender alike.
 */
export async function interleavedMedians(
  calls: readonly AsyncCall[],
  count: number,
  runs: number,
): Promise<number[]> {
  const measure = (call: AsyncCall) => nsPerCall(call, count);
  const samples = await interleaved(calls, measure, measure, runs);
  return samples.map(median);
}

/**
 * Runs `measure` on each contender in interleaved rounds after `warmUp` on each, and returns
 * every round's measurement of each, in round order (so that round i of two contenders pair).
 */
async function interleaved<S>(
  calls: readonly AsyncCall[],
  measure: (call: AsyncCall) => Promise<S>,
  warmUp: (call: AsyncCall) => Promise<unknown>,
  rounds: number,
): Promise<S[][]> {
  for (const call of calls) await warmUp(call);
  const samples: S[][] = calls.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, call] of calls.entries()) samples[i]?.push(await measure(call));
  }
  return samples;
}

/** Timers (setTimeout/setInterval) alive in this process right now. */
export function pendingTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

/** Forces a full collection; the benchmarks run with --expose-gc. */
export function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmarks with node --expose-gc (npm run bench does)');
  gc();
  gc();
}

/** Waits long enough for background work (a collection's sweeping) to finish. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

/** Heap bytes in use after a full collection. */
export function heapUsed(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

/** Prints rows as an aligned table. */
export function printTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** Runs `total` calls of `call` from `concurrency` loops, each starting the next when done. */
export async function concurrently(
  call: AsyncCall,
  concurrency: number,
  total: number,
): Promise<void> {
  let left = total;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call();
    }),
  );
}

/** Raw client and bulwark measured in the same interleaved rounds at one concurrency. */
export interface RawVersusBulwark {
  readonly concurrency: number;
  /** Median calls per second. */
  readonly rawPerSecond: number;
  readonly bulwarkPerSecond: number;
  /** Median CPU time (user + system, the whole process) per call, in µs. */
  readonly rawCpuUs: number;
  readonly bulwarkCpuUs: number;
  /**
   * The median of the per-round throughput ratios bulwark / raw. Each round of bulwark is set
   * against raw's in the same round, so a machine that speeds up or slows down over the run
   * moves both sides of every ratio alike.
   */
  readonly ratio: number;
  /** Quartiles of the per-round throughput ratio bulwark / raw: how much the rounds disagree. */
  readonly ratioQuartiles: readonly [number, number];
  /** Quartiles of the per-round CPU time bulwark adds per call, in µs. */
  readonly addedCpuQuartiles: readonly [number, number];
}

/** Calls in a block when one call runs at a time: a few milliseconds of each contender. */
const oneAtATimeBlock = 25;

/** Both costs added up. */
function sum(a: RunCost, b: RunCost): RunCost {
  return { wallNs: a.wallNs + b.wallNs, cpuUs: a.cpuUs + b.cpuUs };
}

/**
 * Measures `raw` and `bulwark` at `concurrency`, `total` calls each per round, in `rounds`
 * rounds after a warm-up. Each round reads the wall clock and the process's CPU time:
 * throughput moves with whatever else the machine runs, while CPU time per call is what a
 * contender itself costs, so bulwark's overhead shows in it even on a busy machine.
 *
 * Under concurrency a round runs all of raw's calls, then all of bulwark's, each after a full
 * collection (and a pause for its sweeping), so that neither collects the other's garbage.
 * One call at a time, a round's throughput moves by tens of percent with where the scheduler
 * puts the process and the server, so the two alternate in blocks of a few milliseconds
 * through the round, and each round's two figures cover the same moments (and the same
 * collections: no round starts with a forced one).
 *
 * A round should last some hundreds of milliseconds: a collection also empties V8's caches of
 * property lookups, and in a round of a few dozen milliseconds refilling them weighs more than
 * the calls themselves.
 */
export async function rawVersusBulwark(
  raw: AsyncCall,
  bulwark: AsyncCall,
  concurrency: number,
  total: number,
  rounds: number,
): Promise<RawVersusBulwark> {
  const block = concurrency === 1 ? oneAtATimeBlock : total;
  const run = async (call: AsyncCall, calls: number) => {
    if (block === total) {
      collect();
      // The collector's helper threads sweep on after it returns; their CPU time belongs to
      // neither contender.
      await settle();
    }
    return timeRun(() => concurrently(call, concurrency, calls));
  };
  for (const call of [raw, bulwark]) await concurrently(call, concurrency, Math.ceil(total / 4));
  if (block < total) {
    // Alternating, the two share every collection alike; forced ones would only empty V8's
    // caches every few hundred milliseconds, which a running service never does.
    collect();
    await settle();
  }
  const rawRuns: RunCost[] = [];
  const bulwarkRuns: RunCost[] = [];
  const none: RunCost = { wallNs: 0, cpuUs: 0 };
  for (let round = 0; round < rounds; round++) {
    let rawCost = none;
    let bulwarkCost = none;
    for (let done = 0; done < total; done += block) {
      const calls = Math.min(block, total - done);
      rawCost = sum(rawCost, await run(raw, calls));
      bulwarkCost = sum(bulwarkCost, await run(bulwark, calls));
    }
    rawRuns.push(rawCost);
    bulwarkRuns.push(bulwarkCost);
  }
  const perSecond = (run: RunCost) => total / (run.wallNs / 1e9);
  const cpuPerCall = (run: RunCost) => run.cpuUs / total;
  const paired = (f: (raw: RunCost, bulwark: RunCost) => number) =>
    rawRuns.map((run, i) => f(run, bulwarkRuns[i] ?? run));
  return {
    concurrency,
    rawPerSecond: median(rawRuns.map(perSecond)),
    bulwarkPerSecond: median(bulwarkRuns.map(perSecond)),
    rawCpuUs: median(rawRuns.map(cpuPerCall)),
    bulwarkCpuUs: median(bulwarkRuns.map(cpuPerCall)),
    ratio: median(paired((r, b) => perSecond(b) / perSecond(r))),
    ratioQuartiles: quartiles(paired((r, b) => perSecond(b) / perSecond(r))),
    addedCpuQuartiles: quartiles(paired((r, b) => cpuPerCall(b) - cpuPerCall(r))),
  };
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * Prints raw-versus-bulwark results as a table (throughput, its ratio, CPU per call and what
 * bulwark adds to it) and a summary line, against the goal of `goal` of raw throughput unless
 * it is null (a peer compared for information, not for a goal).
 */
export function printRawVersusBulwark(
  client: string,
  rawName: string,
  results: readonly RawVersusBulwark[],
  goal: number | null = 0.95,
): void {
  const rows = results.map((r) => {
    const [ratioLow, ratioHigh] = r.ratioQuartiles;
    const [addedLow, addedHigh] = r.addedCpuQuartiles;
    return [
      String(r.concurrency),
      r.rawPerSecond.toFixed(0),
      r.bulwarkPerSecond.toFixed(0),
      `${percent(r.ratio)} (${percent(ratioLow)}-${percent(ratioHigh)})`,
      r.rawCpuUs.toFixed(1),
      r.bulwarkCpuUs.toFixed(1),
      `${(r.bulwarkCpuUs - r.rawCpuUs).toFixed(1)} (${addedLow.toFixed(1)}-${addedHigh.toFixed(1)})`,
      `${(r.bulwarkCpuUs / r.rawCpuUs).toFixed(3)}x`,
    ];
  });
  printTable(
    [
      'concurrency',
      `${rawName} calls/s`,
      'bulwark calls/s',
      'bulwark / raw, median of rounds (p25-p75)',
      'raw CPU µs/call',
      'bulwark CPU µs/call',
      'added µs/call (p25-p75)',
      'CPU bulwark / raw',
    ],
    rows,
  );
  const worst = Math.min(...results.map((r) => r.ratio));
  const worstCpu = Math.max(...results.map((r) => r.bulwarkCpuUs / r.rawCpuUs));
  const against = goal === null ? '' : ` (goal >= ${percent(goal)})`;
  console.log(
    `\n${client} keeps ${percent(worst)} of ${rawName} throughput at worst${against}; ` +
      `its CPU time per call is at most ${worstCpu.toFixed(3)}x ${rawName}'s.`,
  );
}
