/**
 * Instructions per call, counted by Valgrind's callgrind: unlike time, the count is the same
 * from run to run, so a ratio of two counts does not move with whatever else the machine runs.
 *
 * Each contender runs in callgrind-target.ts twice, with `calls` and `2 × calls` calls after
 * the same warm-up (both sized by the contender's `counted`); (I(2 × calls) − I(calls)) / calls
 * is then what one call costs, start-up, module loading and the JIT's compiles cancelling out.
 * What has to stay the same between the two runs is pinned: V8 runs single-threaded (no
 * background compiles or collections that finish at a different moment) with fixed seeds, and
 * both runs read the sources from the same compile cache, filled beforehand outside Valgrind
 * (it also spares each run much of its start-up, which Valgrind slows fifty-fold). The
 * collector's schedule is pinned too: by default V8 sizes the young generation from the
 * allocation rate it measures in time, so the same calls were collected at different moments
 * from run to run, and a window of 10,000 of bulwark's calls counted anywhere from 3,000 to
 * 7,100 instructions a call; with `--predictable-gc-schedule` a collection's share of the count
 * is the same every time.
 *
 * @packageDocumentation
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Contender, ContenderId } from './core-contenders.ts';

const run = promisify(execFile);

const target = join(import.meta.dirname, 'callgrind-target.ts');

// The same for every run, the priming one included: V8 keys its code cache to its flags.
const nodeArgs = [
  '--single-threaded',
  '--predictable-gc-schedule',
  '--random-seed=1',
  '--hash-seed=1',
  target,
];

/** What the count of one contender came to. */
export interface InstructionCount {
  readonly id: ContenderId;
  readonly perCall: number;
}

/**
 * Instructions per call of each contender. The two runs of one contender run at once (each is
 * single-threaded, and the count does not depend on the machine's load).
 */
export async function instructionsPerCall(
  valgrind: string,
  contenders: readonly Contender[],
): Promise<InstructionCount[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bulwark-callgrind-'));
  const env = { ...process.env, NODE_COMPILE_CACHE: join(dir, 'compile-cache') };
  try {
    const counts: InstructionCount[] = [];
    for (const { id, counted } of contenders) {
      counts.push({ id, perCall: await countPerCall(valgrind, env, dir, id, counted) });
    }
    return counts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Times a contender is counted again when a source changed under its runs. */
const maxTries = 3;

async function countPerCall(
  valgrind: string,
  env: NodeJS.ProcessEnv & { NODE_COMPILE_CACHE: string },
  dir: string,
  id: ContenderId,
  { warmUp, calls }: Contender['counted'],
): Promise<number> {
  for (let tries = 1; ; tries++) {
    await run(process.execPath, [...nodeArgs, id, '0', '0'], { env });
    const cacheBefore = await cacheState(env.NODE_COMPILE_CACHE);
    const [once = Number.NaN, twice = Number.NaN] = await Promise.all(
      [calls, 2 * calls].map((n) => countInstructions(valgrind, env, dir, [id, warmUp, n])),
    );
    // A source edited during the runs (by someone else in the same checkout, say) is compiled
    // afresh by one run and not the other, and the difference would be mostly that compile.
    if ((await cacheState(env.NODE_COMPILE_CACHE)) === cacheBefore) return (twice - once) / calls;
    if (tries === maxTries) {
      throw new Error(`sources kept changing while callgrind counted ${id}'s instructions`);
    }
  }
}

/** Total instructions of one run of callgrind-target.ts under callgrind. */
async function countInstructions(
  valgrind: string,
  env: NodeJS.ProcessEnv,
  dir: string,
  args: readonly [id: ContenderId, warmUp: number, calls: number],
): Promise<number> {
  const out = join(dir, `${args.join('-')}.callgrind`);
  const callgrind = ['--tool=callgrind', `--callgrind-out-file=${out}`];
  await run(valgrind, [...callgrind, process.execPath, ...nodeArgs, ...args.map(String)], {
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = /^summary:\s*(\d+)/m.exec(await readFile(out, 'utf8'));
  if (summary?.[1] === undefined) throw new Error(`no instruction total in ${out}`);
  return Number(summary[1]);
}

/** The compile cache's files with their sizes and times, as one string to compare. */
async function cacheState(cache: string): Promise<string> {
  const files = await readdir(cache, { recursive: true });
  const entries = await Promise.all(
    files.sort().map(async (file) => {
      const { size, mtimeMs } = await stat(join(cache, file));
      return `${file} ${size} ${mtimeMs}`;
    }),
  );
  return entries.join('\n');
}
