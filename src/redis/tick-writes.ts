import type { Writable } from 'node:stream';

/**
 * Gathers the writes of one tick into one: the first command sent in a tick corks the
 * socket, and the socket is uncorked once the tick's synchronous work and the promise jobs it
 * queued have run (`process.nextTick`). The bytes on the wire are the same and in the same
 * order; what changes is the number of system calls. Under concurrency, replies arrive many
 * to a read and each caller sends its next command from its continuation, all in the same
 * tick: ioredis would make one `write` per command, and on a loopback or a virtual machine
 * the system call (and the server's wake-up it causes) costs more than the command itself.
 * A lone command waits only for the end of the current tick, microseconds.
 */
export class TickWrites {
  #corked: Writable | undefined;

  /** Makes every write to `stream` from now to the end of this tick a single one. */
  gather(stream: Writable): void {
    if (this.#corked !== undefined) return;
    this.#corked = stream;
    stream.cork();
    process.nextTick(this.#flush);
  }

  readonly #flush = (): void => {
    const stream = this.#corked;
    this.#corked = undefined;
    // A stream destroyed meanwhile has failed its writes already; uncork is then a no-op.
    stream?.uncork();
  };
}
