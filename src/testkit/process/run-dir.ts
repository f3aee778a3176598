import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processCommandLine } from './proc.ts';

/** One test run's folder: its services' data, logs and process records. */
export interface RunDir {
  readonly id: string;
  readonly dir: string;
  /** Service logs, one file per service; kept after the run for troubleshooting. */
  readonly logsDir: string;
  /** One record per started process, read by the next run's orphan sweep. */
  readonly pidsDir: string;
}

/** The owner record of a run: which process started it. */
export interface RunOwner {
  readonly pid: number;
  readonly commandLine: string;
  readonly startedAt: string;
}

/** Where runs live: `$BULWARK_RUNS_DIR`, or `bulwark-runs` in the system temp folder. */
export function runsRoot(): string {
  return process.env['BULWARK_RUNS_DIR'] ?? join(tmpdir(), 'bulwark-runs');
}

/** Creates a fresh run folder owned by this process. */
export function createRunDir(root = runsRoot()): RunDir {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = join(root, id);
  const logsDir = join(dir, 'logs');
  const pidsDir = join(dir, 'pids');
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(pidsDir, { recursive: true });
  const owner: RunOwner = {
    pid: process.pid,
    commandLine: processCommandLine(process.pid) ?? process.argv.join(' '),
    startedAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(owner));
  return { id, dir, logsDir, pidsDir };
}
