// The reaper: a small process of its own that outlives a test run killed with SIGKILL. The
// run tells it, over stdin, which service processes and which Docker runs it started; when
// stdin closes (the run ended, however it ended), it kills every process still running and
// removes every container of those runs. Like Ryuk, and also where Ryuk's image is missing.
import { removeRunContainers } from '../docker/remove-run-containers.ts';
import { isRunning, killGroup } from './proc.ts';

interface ReaperMessage {
  readonly watch?: number;
  readonly program?: string;
  readonly forget?: number;
  readonly docker?: { readonly socketPath: string; readonly runId: string };
}

const watched = new Map<number, string>();
const dockerRuns = new Map<string, string>();
let pending = '';

function handle(line: string): void {
  if (line.trim() === '') return;
  const message = JSON.parse(line) as ReaperMessage;
  if (message.watch !== undefined && message.program !== undefined)
    watched.set(message.watch, message.program);
  if (message.forget !== undefined) watched.delete(message.forget);
  if (message.docker !== undefined) dockerRuns.set(message.docker.runId, message.docker.socketPath);
}

async function reap(): Promise<void> {
  const alive = [...watched].filter(([pid, program]) => isRunning(pid, program));
  for (const [pid] of alive) killGroup(pid, 'SIGTERM');
  const removals = [...dockerRuns].map(([runId, socketPath]) =>
    removeRunContainers(socketPath, runId).catch((error: unknown) => {
      console.error(
        `bulwark reaper: could not remove the containers of run ${runId}: ${String(error)}`,
      );
    }),
  );
  // Whatever ignores SIGTERM for two seconds gets SIGKILL.
  if (alive.length > 0) await new Promise((resolve) => setTimeout(resolve, 2_000));
  for (const [pid, program] of alive) if (isRunning(pid, program)) killGroup(pid, 'SIGKILL');
  await Promise.all(removals);
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) handle(line);
});
process.stdin.on('end', () => void reap());
process.stdin.on('error', () => void reap());
