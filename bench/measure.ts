/** Small measuring helpers shared by the benchmarks. */

export type AsyncCall = () => Promise<unknown>;

/** Nanoseconds per call of `call`, run `count` times one after another. */
export async function nsPerCall(call: AsyncCall, count: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await call();
  return Number(process.hrtime.bigint() - start) / count;
}

/** The median of `runs` measurements, after one warm-up run. */
export async function medianNsPerCall(
  call: AsyncCall,
  count: number,
  runs: number,
): Promise<number> {
  await nsPerCall(call, count);
  const results: number[] = [];
  for (let i = 0; i < runs; i++) results.push(await nsPerCall(call, count));
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] ?? Number.NaN;
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
