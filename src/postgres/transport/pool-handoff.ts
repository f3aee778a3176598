import type { Pool, PoolClient } from 'pg';
import { sessionFailed } from './session-watch.ts';

/** What pg-pool keeps of every connection it holds or is making (pg-pool 3, internal). */
interface PoolInternals {
  readonly _clients?: ReadonlyArray<{
    readonly connection?: { readonly stream?: { readonly bytesRead?: number } };
  }>;
}

type PoolMember = NonNullable<PoolInternals['_clients']>[number];

/** What the server has sent on a connection. */
function bytesRead(client: PoolMember | PoolClient): number {
  return (client as PoolMember).connection?.stream?.bytesRead ?? 0;
}

/** How a connection (or the failure to get one) is handed over. */
export type ConnectCallback = (error: Error | undefined, client: PoolClient | undefined) => void;

/**
 * Hands a connection that a statement has just let go of straight to the next statement that
 * starts in the same turn of the event loop, instead of through the pool.
 *
 * A caller whose statement finished usually sends its next one in the same turn (in the
 * continuation of the one before). Between those two, pg-pool would check the connection in
 * and out again: a timer for its idle timeout set and cleared, a listener added and removed,
 * two events, a queue entry and a `process.nextTick`: about 10 µs of CPU a statement on our
 * 2-core machines, against some 30 µs for the rest of a `SELECT 1` under concurrency. A
 * connection kept here costs an array slot.
 *
 * What no statement took goes back to the pool at the end of the turn (`setImmediate`), so
 * between turns the pool holds every idle connection as before, with its idle timeout. A
 * connection is not kept while callers wait in the pool for one (they are served first, in
 * their order), nor once the pool is ending, nor when its session has failed.
 *
 * Relies on pg-pool's `connect` and a client's `release(error?)`, and its `ending`,
 * `idleCount`, `totalCount` and `waitingCount` (pg-pool 3, public but undocumented); and, to
 * tell a slow link from a dead one, its internal `_clients` and each pg client's
 * `connection.stream` (a net.Socket's `bytesRead`).
 */
export class PoolHandoff {
  readonly #pool: Pool;
  /** False when the pool counts uses or ages connections, which it does only on check-in. */
  readonly #keeps: boolean;
  #kept: PoolClient[] = [];
  #returnScheduled = false;
  /** Connections asked for by attempts that gave up before they came, still on their way. */
  #orphans = 0;
  /** Callers waiting for one of those, first come first served. */
  #adopters: ConnectCallback[] = [];
  /** What the connections destroyed here had received, so that bytesReceived never drops. */
  #bytesOfDestroyed = 0;

  constructor(pool: Pool, keeps: boolean) {
    this.#pool = pool;
    this.#keeps = keeps;
  }

  /** Connections kept for a statement of this turn: idle, though the pool counts them out. */
  get keptCount(): number {
    return this.#kept.length;
  }

  /**
   * Bytes the server has sent on every connection of the pool, those being made included: a
   * count that grows while the server answers anyone, however slowly. A connection destroyed
   * here leaves its bytes behind; one the pool drops by itself (idle, broken) takes them with
   * it, so the count can only understate progress.
   */
  readonly bytesReceived = (): number => {
    let bytes = this.#bytesOfDestroyed;
    for (const client of (this.#pool as unknown as PoolInternals)._clients ?? []) {
      bytes += bytesRead(client);
    }
    return bytes;
  };

  /** Connections out of the pool and not kept: statements and transactions under way. */
  get inUse(): number {
    return this.#pool.totalCount - this.#pool.idleCount - this.#kept.length;
  }

  /**
   * Hands over a kept connection at once; else one on its way for an attempt that gave up on
   * it (a connection being made is not wasted); else asks the pool for one. True when the
   * caller waits in the pool's queue for a connection others hold (the pool is at its size,
   * with none idle for it), rather than for one being made. (Its turn may still come as a new
   * connection, made when another is destroyed.)
   */
  connect(callback: ConnectCallback): boolean {
    for (let client = this.#kept.pop(); client !== undefined; client = this.#kept.pop()) {
      if (!sessionFailed(client)) {
        callback(undefined, client);
        return false;
      }
      client.release(true);
    }
    if (this.#adopters.length < this.#orphans) {
      this.#adopters.push(callback);
      return false;
    }
    const pool = this.#pool;
    // At its size, the pool serves its queue from idle connections in order: this caller waits
    // unless fewer callers are ahead of it than connections lie idle.
    const full = pool.totalCount >= (pool.options.max ?? 10);
    const queued = full && pool.waitingCount >= pool.idleCount;
    pool.connect(callback);
    return queued && !pool.ending;
  }

  /**
   * The attempt that asked for a connection gave up before it came: the connection (being made
   * through a slow link, say) is left to come, and the next caller waits for it rather than
   * starting another from scratch. Its arrival is to be passed to {@link adopt}.
   */
  orphaned(): void {
    this.#orphans++;
  }

  /** An orphaned connection came (or failed to): it goes to the first caller waiting for one. */
  adopt(error: Error | undefined, client: PoolClient | undefined): void {
    this.#orphans--;
    const adopter = this.#adopters.shift();
    if (adopter === undefined) {
      if (client !== undefined) this.release(client, false);
    } else if (client !== undefined) {
      adopter(undefined, client);
    } else {
      // It failed: its waiter asks the pool afresh, which reports the failure if it lasts.
      this.#pool.connect(adopter);
    }
  }

  /** Lets go of a connection: destroyed when `destroy`, else kept for this turn or returned. */
  release(client: PoolClient, destroy: boolean): void {
    if (destroy) this.#bytesOfDestroyed += bytesRead(client);
    if (destroy || !this.#keeps || this.#pool.waitingCount > 0 || this.#pool.ending) {
      client.release(destroy);
      return;
    }
    this.#kept.push(client);
    if (!this.#returnScheduled) {
      this.#returnScheduled = true;
      setImmediate(this.returnKept);
    }
  }

  /** Returns every kept connection to the pool: at the end of each turn, and before closing. */
  readonly returnKept = (): void => {
    this.#returnScheduled = false;
    const kept = this.#kept;
    if (kept.length === 0) return;
    this.#kept = [];
    for (const client of kept) client.release(sessionFailed(client));
  };
}
