// The reaper: a small process of its own that outlives a test run killed with SIGKILL. The
// run tells it, over stdin, which service processes it started; when stdin closes (the run
// ended, however it ended), it kills every one still running. Like Ryuk, without Docker.
import { isRunning, killGroup } from './proc.ts';

const watched = new Map<number, string>();
let pending = '';

function handle(line: string): void {
  if (line.trim() === '') return;
  const message = JSON.parse(line) as { watch?: number; program?: string; forget?: number };
  if (message.watch !== undefined && message.program !== undefined)
    watched.set(message.watch, message.program);
  if (message.forget !== undefined) watched.delete(message.forget);
}

function reap(): void {
  const alive = [...watched].filter(([pid, program]) => isRunning(pid, program));
  for (const [pid] of alive) killGroup(pid, 'SIGTERM');
  // Whatever ignores SIGTERM for two seconds gets SIGKILL.
  setTimeout(
    () => {
      for (const [pid, program] of alive) if (isRunning(pid, program)) killGroup(pid, 'SIGKILL');
      process.exit(0);
    },
    alive.length > 0 ? 2_000 : 0,
  );
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) handle(line);
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);
