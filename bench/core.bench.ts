// The per-call cost of bulwark against a bare async call and against its peers at their current
// majors, opossum 10 (breaker with a timeout) and cockatiel 4 (retry + breaker + timeout), on the
// same no-op: in time, which moves with whatever else the machine runs, and in instructions
// counted by callgrind, which do not. Also: timers left after a burst, heap growth over many
// calls, heap bytes per breaker.
import { CircuitBreaker } from '../src/index.ts';
import { contenders, type ContenderId } from './core-contenders.ts';
import { instructionsPerCall } from './instructions-per-call.ts';
import {
  collect,
  heapUsed,
  interleavedMedians,
  pendingTimers,
  printTable,
  type AsyncCall,
} from './measure.ts';
import { findValgrind } from './valgrind.ts';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 200_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 7);

/** The README's goal: bulwark's full pipeline costs at most half of what opossum's breaker does. */
const goalAgainstOpossum = 0.5;

type Make = () => { call: AsyncCall; dispose: () => void };

async function timersAfterBurst(make: Make): Promise<number> {
  const { call, dispose } = make();
  await Promise.all(Array.from({ length: 10_000 }, () => call()));
  // One turn of the event loop: bulwark lets its shared timeout timer go at the end of it.
  await new Promise((resolve) => setImmediate(resolve));
  const left = pendingTimers();
  dispose();
  return left;
}

async function heapGrowth(make: Make, calls: number): Promise<number> {
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

/** Instructions per call by contender, or null (and why, printed) when they cannot be counted. */
async function countInstructions(): Promise<Map<ContenderId, number> | null> {
  let valgrind: string;
  try {
    valgrind = findValgrind();
  } catch (error) {
    console.log(`\ninstructions not counted: ${(error as Error).message}`);
    return null;
  }
  const started = process.hrtime.bigint();
  const counts = await instructionsPerCall(valgrind, contenders);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`\ninstructions counted by callgrind in ${seconds.toFixed(0)} s`);
  return new Map(counts.map(({ id, perCall }) => [id, perCall]));
}

const times = (ratio: number) => `${ratio.toFixed(2)}x`;

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
  const ns = new Map(contenders.map(({ id }, i) => [id, medians[i] ?? Number.NaN]));

  const footprint: string[][] = [];
  for (const contender of contenders) {
    const timers = (await timersAfterBurst(contender.make)) - baseTimers;
    const growth = await heapGrowth(contender.make, 1_000_000);
    footprint.push([contender.name, String(timers), `${(growth / 1024).toFixed(0)} KiB`]);
  }
  collect();
  const perBreaker = bytesPerBreaker();

  // Last, and in other processes, so that callgrind's runs do not slow the timed ones.
  const instructions = await countInstructions();
  const ins = (id: ContenderId) => instructions?.get(id) ?? Number.NaN;
  const ratio = (cost: (id: ContenderId) => number, id: ContenderId, against: ContenderId) =>
    instructions === null && cost === ins ? '-' : times(cost(id) / cost(against));
  const nsOf = (id: ContenderId) => ns.get(id) ?? Number.NaN;

  console.log('');
  printTable(
    [
      'per call (core, no-op)',
      'ns/call',
      'instructions/call',
      'ns vs opossum',
      'instr vs opossum',
      'ns vs bare',
      'instr vs bare',
    ],
    contenders.map(({ id, name }) => [
      name,
      nsOf(id).toFixed(0),
      instructions === null ? '-' : ins(id).toFixed(0),
      ratio(nsOf, id, 'opossum'),
      ratio(ins, id, 'opossum'),
      ratio(nsOf, id, 'bare'),
      ratio(ins, id, 'bare'),
    ]),
  );
  console.log('');
  printTable(
    ['footprint', 'timers left after 10k burst (+1 loop turn)', 'heap growth over 1e6 calls'],
    footprint,
  );
  console.log(`\nheap bytes per CircuitBreaker: ${perBreaker.toFixed(0)}`);

  const verdict = (cost: (id: ContenderId) => number, unit: string) => {
    const share = cost('bulwark-full') / cost('opossum');
    return `${times(share)} in ${unit} (${share <= goalAgainstOpossum ? 'holds' : 'does not hold'})`;
  };
  const measures = [verdict(nsOf, 'time')];
  if (instructions !== null) measures.push(verdict(ins, 'instructions'));
  console.log(
    `goal: bulwark's full pipeline at most ${times(goalAgainstOpossum)} opossum 10's cost per call: ` +
      `${measures.join(', ')}.`,
  );
  const cheaper = (cost: (id: ContenderId) => number) =>
    times(cost('cockatiel') / cost('bulwark-full'));
  console.log(
    `cockatiel 4 costs ${cheaper(nsOf)} bulwark's full pipeline in time` +
      (instructions === null ? '' : ` and ${cheaper(ins)} in instructions`) +
      ' (goal >= 10x).',
  );
}
