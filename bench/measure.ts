/** Small measuring helpers shared by the benchmarks. */

export type AsyncCall = () => Promise<unknown>;

/** Nanoseconds per call of `call`, run `count` times one after another. */
export async function nsPerCall(call: AsyncCall, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await call();
  return Number(process.hrtime.bigint() - start) / count;
}

/**
 * The median ns/call of each of `calls`, measured in interleaved rounds (A, B, C, A, B, C...)
 * after one warm-up round, so that drift in the machine's speed touches every contender alike.
 */
export function interleavedMedians(
  calls: readonly AsyncCall[],
  count: number,
  runs: number,
): Promise<number[]> {
  const measure = (call: AsyncCall) => nsPerCall(call, count);
  return interleaved(calls, measure, measure, runs);
}

/**
 * Runs `measure` on each contender in interleaved rounds after `warmUp` on each, and returns
 * the median measurement of each.
 */
async function interleaved(
  calls: readonly AsyncCall[],
  measure: (call: AsyncCall) => Promise<number>,
  warmUp: (call: AsyncCall) => Promise<number>,
  rounds: number,
): Promise<number[]> {
  for (const call of calls) await warmUp(call);
  const samples: number[][] = calls.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, call] of calls.entries()) samples[i]?.push(await measure(call));
  }
  return samples.map((values) => {
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? Number.NaN;
  });
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

/** Calls per second of `call`, with `concurrency` loops sharing `total` calls. */
export async function throughput(
  call: AsyncCall,
  concurrency: number,
  total: number,
): Promise<number> {
  const start = process.hrtime.bigint();
  await concurrently(call, concurrency, total);
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Median calls per second of each contender, measured in interleaved rounds after a warm-up. */
export function interleavedThroughput(
  calls: readonly AsyncCall[],
  concurrency: number,
  total: number,
  rounds: number,
): Promise<number[]> {
  return interleaved(
    calls,
    (call) => throughput(call, concurrency, total),
    (call) => throughput(call, concurrency, Math.ceil(total / 4)),
    rounds,
  );
}

/** A table row comparing a raw client with bulwark at one concurrency: rates and their ratio. */
export async function rawVersusBulwarkRow(
  raw: AsyncCall,
  bulwark: AsyncCall,
  concurrency: number,
  total: number,
  rounds: number,
): Promise<string[]> {
  const [rawRate = 0, bulwarkRate = 0] = await interleavedThroughput(
    [raw, bulwark],
    concurrency,
    total,
    rounds,
  );
  return [
    String(concurrency),
    rawRate.toFixed(0),
    bulwarkRate.toFixed(0),
    `${((bulwarkRate / rawRate) * 100).toFixed(1)}%`,
  ];
}
