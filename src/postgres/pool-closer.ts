import type { Pool, PoolClient } from 'pg';

/**
 * Returns a function that ends `pool` and resolves once every socket of it is closed.
 *
 * pg-pool's `end()` resolves once it has asked each connection to close, not once each has:
 * a connection closes when the server answers the goodbye, and a server behind a dead link
 * never does, leaving the socket (and the process) alive. So the pool's connections are
 * tracked from the start; after `end()`, those still open get `graceMs` to close, and are
 * then destroyed.
 */
export function poolCloser(pool: Pool, graceMs: number): () => Promise<void> {
  const open = new Set<PoolClient>();
  let onDrained: (() => void) | undefined;
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => {
    open.delete(client);
    if (open.size === 0) onDrained?.();
  });
  return async () => {
    await pool.end();
    if (open.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      onDrained = resolve;
      timer = setTimeout(resolve, graceMs);
    });
    clearTimeout(timer);
    for (const client of open) client.connection.stream.destroy();
  };
}
