import type { BoundPorts, WaitStrategy } from 'testcontainers';
import { ServiceStartError } from '../process/service-start-error.ts';
import { startupTimeoutMs } from '../process/wait-until-ready.ts';

type DockerContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/** Asks a started container's service whether it serves; rejects while it does not yet. */
export type ReadinessProbe = (ports: BoundPorts) => Promise<unknown>;

/**
 * A readiness check that asks the service itself, from this host, through its published port:
 * the same probes as the local path (a PostgreSQL startup, Redis AUTH and PING, an HTTP
 * answer), so any image of the service passes or fails alike, whatever it logs, and images
 * built from scratch (no shell for testcontainers' in-container port check) work too. Fails
 * at once when the container exits, and at the startup timeout otherwise, each time with the
 * end of the container's log.
 */
export class ProbeWaitStrategy implements WaitStrategy {
  readonly #name: string;
  readonly #probe: ReadinessProbe;
  #timeoutMs: number | undefined;

  constructor(name: string, probe: ReadinessProbe) {
    this.#name = name;
    this.#probe = probe;
  }

  async waitUntilReady(container: DockerContainer, ports: BoundPorts): Promise<void> {
    const timeoutMs = this.getStartupTimeout();
    const started = performance.now();
    for (let interval = 20; ; interval = Math.min(interval * 2, 250)) {
      let why: string;
      try {
        await this.#probe(ports);
        return;
      } catch (error) {
        why = error instanceof Error ? error.message : String(error);
      }
      const state = (await container.inspect()).State;
      if (!state.Running) {
        throw new ServiceStartError(
          `${this.#name} exited before it was ready (exit: ${state.ExitCode}; last probe: ${why}).\n` +
            `Its container log ends with:\n${await logTail(container)}`,
        );
      }
      if (performance.now() - started > timeoutMs) {
        throw new ServiceStartError(
          `${this.#name} was not ready within ${timeoutMs} ms (last probe: ${why}); raise BULWARK_STARTUP_TIMEOUT_MS if the machine is slow.\n` +
            `Its container log ends with:\n${await logTail(container)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.#timeoutMs = startupTimeoutMs;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.#timeoutMs !== undefined;
  }

  getStartupTimeout(): number {
    return this.#timeoutMs ?? startupTimeoutMs();
  }
}

/** The last lines of a container's output (stdout and stderr, in the engine's framed form). */
async function logTail(container: DockerContainer, lines = 30): Promise<string> {
  try {
    const framed = await container.logs({ stdout: true, stderr: true, tail: lines, follow: false });
    return demultiplex(Buffer.from(framed)).trimEnd();
  } catch (error) {
    return `(could not read the log: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/**
 * A container without a terminal sends its output in frames: one byte of stream, three zero,
 * four of length (big-endian), then the bytes. Output that does not parse is returned as is.
 */
function demultiplex(framed: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= framed.length) {
    const kind = framed[offset];
    if (kind !== 0 && kind !== 1 && kind !== 2) return framed.toString('utf8');
    const size = framed.readUInt32BE(offset + 4);
    parts.push(framed.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
