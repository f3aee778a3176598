import type { PoolHandoff } from './transport/pool-handoff.ts';

/**
 * The PostgreSQL recovery check: a pooled connection (a new one if none is idle, so the
 * server's accept, startup and login are checked too) answers `SELECT 1`. A connection that
 * arrives after the check gave up still goes to the pool, where it serves the next call; one
 * whose `SELECT 1` failed, or was still running when the check gave up, is destroyed.
 */
export function answersQuery(handoff: PoolHandoff, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    handoff.connect((error, client) => {
      if (error !== undefined || client === undefined) return reject(error);
      if (signal.aborted) {
        handoff.release(client, false);
        return reject(signal.reason);
      }
      let settled = false;
      const onAbort = (): void => {
        settled = true;
        handoff.release(client, true);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      client.query('SELECT 1').then(
        () => {
          if (settled) return;
          signal.removeEventListener('abort', onAbort);
          handoff.release(client, false);
          resolve();
        },
        (failure: unknown) => {
          if (settled) return;
          signal.removeEventListener('abort', onAbort);
          handoff.release(client, true);
          reject(failure);
        },
      );
    });
  });
}
