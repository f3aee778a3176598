import type { Dispatcher } from 'undici';
import { statusShowsTrouble } from '../core/breaker/recovery-check.ts';

/**
 * The HTTP recovery check: `HEAD /` on the origin of the client's last request. Any answer
 * but one that shows trouble (statusShowsTrouble) means the server is back.
 */
export async function answersHead(
  dispatcher: Dispatcher,
  origin: string | undefined,
  signal: AbortSignal,
): Promise<void> {
  if (origin === undefined) throw new Error('no request was made yet');
  const { statusCode, body } = await dispatcher.request({
    origin,
    path: '/',
    method: 'HEAD',
    signal,
  });
  await body.dump().catch(() => undefined);
  if (statusShowsTrouble(statusCode)) throw new Error(`HTTP ${statusCode}`);
}
