import type { Cluster, Redis } from 'ioredis';
import type { Clock } from '../../core/clock.ts';

/**
 * Closes an ioredis client: QUIT first when it is ready, so replies still in flight arrive,
 * for at most `timeoutMs`; then the sockets are closed. Resolves once ioredis has ended.
 */
export async function quitWithin(
  client: Redis | Cluster,
  clock: Clock,
  timeoutMs: number,
): Promise<void> {
  if (client.status === 'ready') {
    let timer: unknown;
    const expired = new Promise<void>((resolve) => {
      timer = clock.setTimeout(resolve, timeoutMs);
    });
    await Promise.race([client.quit().catch(() => undefined), expired]);
    clock.clearTimeout(timer);
  }
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  client.disconnect();
  await ended;
}
