// Runs the real `bulwark` command as a child process, as a user would, and collects its output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../../src/cli/bulwark.ts', import.meta.url));

export interface BulwarkRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `bulwark ...args`, with the given environment added; resolves when the command exits. */
export function runBulwark(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<BulwarkRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
