import { readFileSync } from 'node:fs';

/** The command line of a live process (from /proc), or undefined when there is none. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is alive and still runs `program` (its command line names it). Checked
 * before every kill of a recorded pid: after a crash the pid may belong to something else now.
 */
export function isRunning(pid: number, program: string): boolean {
  const commandLine = processCommandLine(pid);
  return commandLine !== undefined && commandLine.includes(program);
}

/** Sends `signal` to the process group led by `pid` (services are group leaders), else to the pid. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
