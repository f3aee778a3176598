import { spawn, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This process's link to its reaper (see reaper-main.ts): services it starts are registered
 * there, so they die with the run even when the run is killed with SIGKILL.
 */
export class Reaper {
  static #instance: Reaper | undefined;
  readonly #child: ChildProcess;

  private constructor() {
    // Same extension as this file: `.ts` when run from source, `.js` from the build.
    const main = new URL(
      `./reaper-main${extname(fileURLToPath(import.meta.url))}`,
      import.meta.url,
    );
    this.#child = spawn(process.execPath, [fileURLToPath(main)], {
      // Its own process group: a Ctrl-C aimed at the run must not take the reaper with it.
      detached: true,
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    // The reaper must never keep the run alive.
    this.#child.unref();
    (this.#child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }

  /** The reaper of this process, started on first use. */
  static get(): Reaper {
    Reaper.#instance ??= new Reaper();
    return Reaper.#instance;
  }

  /** The reaper's own pid (for tests). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  watch(pid: number, program: string): void {
    this.#child.stdin?.write(`${JSON.stringify({ watch: pid, program })}\n`);
  }

  /** Removes every container of Docker run `runId` (see run-labels.ts) when this run ends. */
  watchDocker(docker: { readonly socketPath: string; readonly runId: string }): void {
    this.#child.stdin?.write(`${JSON.stringify({ docker })}\n`);
  }

  forget(pid: number): void {
    this.#child.stdin?.write(`${JSON.stringify({ forget: pid })}\n`);
  }
}
