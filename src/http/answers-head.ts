import type { Dispatcher } from 'undici';

/**
 * The HTTP recovery check: `HEAD /` on the origin of the client's last request. Any answer
 * but a 5xx or a 429 means the server is back: a 404 or a 401 comes from a server that
 * works, while a 503 or a 429 is the very trouble that opened the circuit.
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
  if (statusCode >= 500 || statusCode === 429) throw new Error(`HTTP ${statusCode}`);
}
