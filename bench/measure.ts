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
export async function interleavedMedians(
  calls: readonly AsyncCall[],
  count: number,
  runs: number,
): Promise<number[]> {
  for (const call of calls) await nsPerCall(call, count);
  const samples: number[][] = calls.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [i, call] of calls.entries()) samples[i]?.push(await nsPerCall(call, count));
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

/** Calls per second of `call`, with `concurrency` loops sharing `total` calls. */
export async function throughput(
  call: AsyncCall,
  concurrency: number,
  total: number,
): Promise<number> {
  let left = total;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await call();
    }),
  );
  return total / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Median calls per second of each contender, measured in interleaved rounds after a warm-up. */
export async function interleavedThroughput(
  calls: readonly AsyncCall[],
  concurrency: number,
  total: number,
  rounds: number,
): Promise<number[]> {
  for (const call of calls) await throughput(call, concurrency, Math.ceil(total / 4));
  const samples: number[][] = calls.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [i, call] of calls.entries())
      samples[i]?.push(await throughput(call, concurrency, total));
  }
  return samples.map((values) => {
    values.sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? Number.NaN;
  });
}
