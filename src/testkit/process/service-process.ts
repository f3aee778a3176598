import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isRunning, killGroup } from './proc.ts';
import { Reaper } from './reaper.ts';
import type { RunDir } from './run-dir.ts';
import { ServiceStartError } from './service-start-error.ts';

/** How to start one service process. */
export interface ServiceSpec {
  /** Short name, used for the log file and the process record (`postgres`, `redis`). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Run as this unprivileged user when we are root (PostgreSQL refuses to run as root). */
  readonly runAsUser?: string;
  /** The signal for a clean, quick stop (PostgreSQL: SIGINT, its fast shutdown). */
  readonly stopSignal?: NodeJS.Signals;
}

/** A started service process. */
export interface ServiceProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Settles with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** True once the process has ended. */
  readonly hasExited: boolean;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
  /** Stops it (stop signal, then SIGKILL after `graceMs`) and forgets its record. */
  stop(graceMs?: number): Promise<void>;
}

/** The record a run keeps of each process, for the next run's orphan sweep. */
export interface ProcessRecord {
  readonly pid: number;
  /** The program name that must appear in /proc/<pid>/cmdline before anything is killed. */
  readonly program: string;
  readonly name: string;
}

/**
 * Starts a service in its own process group with its output in the run's log folder,
 * records its pid for the orphan sweep and registers it with the reaper.
 */
export function spawnService(run: RunDir, spec: ServiceSpec): ServiceProcess {
  const logFile = join(run.logsDir, `${spec.name}.log`);
  const fd = openSync(logFile, 'a');
  const asOtherUser = spec.runAsUser !== undefined && process.getuid?.() === 0;
  const [command, args] = asOtherUser
    ? [
        'setpriv',
        [
          '--reuid',
          spec.runAsUser,
          '--regid',
          spec.runAsUser,
          '--init-groups',
          '--',
          spec.command,
          ...spec.args,
        ],
      ]
    : [spec.command, spec.args];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined)
    throw new ServiceStartError(`could not start ${spec.name} (${spec.command}): see ${logFile}`);
  child.unref();

  const program = basename(spec.command);
  const record: ProcessRecord = { pid, program, name: spec.name };
  const recordFile = join(run.pidsDir, `${spec.name}-${pid}.json`);
  writeFileSync(recordFile, JSON.stringify(record));
  Reaper.get().watch(pid, program);

  let hasExited = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      hasExited = true;
      resolve(error.message);
    });
  });

  return {
    name: spec.name,
    pid,
    logFile,
    exited,
    get hasExited() {
      return hasExited;
    },
    logTail: (lines = 30) => tail(logFile, lines),
    async stop(graceMs = 10_000) {
      if (!hasExited && isRunning(pid, program)) {
        killGroup(pid, spec.stopSignal ?? 'SIGTERM');
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      Reaper.get().forget(pid);
      rmSync(recordFile, { force: true });
    },
  };
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
