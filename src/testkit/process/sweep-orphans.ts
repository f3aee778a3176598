import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning, killGroup, processCommandLine } from './proc.ts';
import type { RunOwner } from './run-dir.ts';
import type { ProcessRecord } from './service-process.ts';
import { runsRoot } from './run-dir.ts';

/** What a sweep did. */
export interface SweepReport {
  /** Processes of crashed runs that were still running, and were killed. */
  readonly killed: ReadonlyArray<ProcessRecord & { readonly run: string }>;
  /** Records whose pid was gone or now runs another program; nothing was killed for them. */
  readonly skipped: number;
  /** Old finished runs whose folders were removed. */
  readonly removedRuns: number;
}

/** Finished runs whose folders (logs) are kept for troubleshooting. */
const keptRuns = 10;

/**
 * Cleans up after runs that crashed: for every run whose owner process is gone, kills each
 * recorded service process that is still running, but only after checking that the pid
 * still runs the program that was recorded (a pid can be reused). Runs whose owner is alive
 * (a concurrent run) are left alone. Keeps the folders of the last few finished runs.
 */
export function sweepOrphans(root = runsRoot()): SweepReport {
  const killed: Array<ProcessRecord & { run: string }> = [];
  let skipped = 0;
  if (!existsSync(root)) return { killed, skipped, removedRuns: 0 };
  const finished: string[] = [];
  for (const run of readdirSync(root)) {
    const dir = join(root, run);
    if (ownerAlive(dir)) continue;
    finished.push(run);
    const pidsDir = join(dir, 'pids');
    if (!existsSync(pidsDir)) continue;
    for (const file of readdirSync(pidsDir)) {
      const record = readJson<ProcessRecord>(join(pidsDir, file));
      if (record && isRunning(record.pid, record.program)) {
        killGroup(record.pid, 'SIGKILL');
        killed.push({ ...record, run });
      } else {
        skipped++;
      }
      rmSync(join(pidsDir, file), { force: true });
    }
  }
  finished.sort((a, b) => statSync(join(root, a)).mtimeMs - statSync(join(root, b)).mtimeMs);
  const old = finished.slice(0, Math.max(0, finished.length - keptRuns));
  for (const run of old) rmSync(join(root, run), { recursive: true, force: true });
  return { killed, skipped, removedRuns: old.length };
}

/** Whether the process that made run folder `dir` still runs (the same command line). */
export function ownerAlive(dir: string): boolean {
  const owner = readJson<RunOwner>(join(dir, 'owner.json'));
  if (!owner) return false;
  const commandLine = processCommandLine(owner.pid);
  return commandLine !== undefined && commandLine === owner.commandLine;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}
