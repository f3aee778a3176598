import type { Writable } from 'node:stream';

/** When held writes go out: at the end of this tick, or at the end of this turn of the loop. */
export type FlushAt = 'tick' | 'turn';

/**
 * Gathers the writes made to sockets within a short window into one write per socket: the
 * first write to a socket in the window corks it, and every corked socket is uncorked when
 * the window ends. The bytes on each socket are the same and in the same order; what changes
 * is the number of system calls, and how often the server is woken.
 *
 * Under concurrency, replies arrive many to a read and each caller sends its next request
 * from its continuation. Written one by one, every write is a system call and wakes the
 * server while the rest are still being made; gathered, the server takes them as one batch and
 * the replies come back as one. On our 2-core machines that took a quarter off the CPU time of
 * a `SELECT 1` at 16 at once (PostgreSQL, one socket per connection, `turn`) and made Redis's
 * one connection write each tick's commands at once (`tick`).
 *
 * - `tick`: uncorked once the tick's synchronous work and the promise jobs it queued have run
 *   (`process.nextTick`): a write waits microseconds. For one socket that callers share.
 * - `turn`: uncorked once the turn's I/O callbacks have run (`setImmediate`), so the writes
 *   made in reply to every result of that turn go together. For a pool of sockets.
 *
 * Callers gather only when others are in flight: a lone request is written at once.
 * Relies on nothing but Node's `Writable.cork()` and `uncork()`.
 */
export class CoalescedWrites {
  readonly #flushAt: FlushAt;
  #corked: Writable[] = [];

  constructor(flushAt: FlushAt) {
    this.#flushAt = flushAt;
  }

  /** Holds what is written to `stream` from now to the end of the window. */
  gather(stream: Writable): void {
    const corked = this.#corked;
    if (corked.includes(stream)) return;
    stream.cork();
    corked.push(stream);
    if (corked.length > 1) return;
    if (this.#flushAt === 'tick') process.nextTick(this.#flush);
    else setImmediate(this.#flush);
  }

  readonly #flush = (): void => {
    const corked = this.#corked;
    this.#corked = [];
    // A stream destroyed meanwhile has failed its writes already; uncork is then a no-op.
    for (const stream of corked) stream.uncork();
  };
}
