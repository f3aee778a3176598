// Runs the real `bulwark` command as a child process, as a user would, and collects its output.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/bulwark.ts', import.meta.url));

// The Node flags of the command's shebang (`--conditions=bulwark-source`, so that `bulwark`
// resolves to the library's sources), passed as the installed `bulwark` bin passes them; the
// Node is this one rather than the first on PATH.
const shebang = /^#!\/usr\/bin\/env -S node((?: --\S+)*)\n/.exec(readFileSync(entry, 'utf8'));
if (shebang === null) throw new Error(`${entry}: no \`#!/usr/bin/env -S node ...\` line`);
const nodeFlags = shebang[1]?.trim().split(' ').filter(Boolean) ?? [];

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
    const child = spawn(process.execPath, [...nodeFlags, entry, ...args], {
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
