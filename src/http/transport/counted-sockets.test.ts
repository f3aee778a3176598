import { createServer } from 'node:net';
import { expect, test } from 'vitest';
import { CountedSockets } from './counted-sockets.ts';

/** A port of 127.0.0.1 that nothing listens on (taken, then let go). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

test('a refused connection reaches undici as its error, and counts no socket', async () => {
  const sockets = new CountedSockets();
  const port = await closedPort();
  const error = await new Promise<unknown>((resolve) => {
    sockets.connect(
      { hostname: '127.0.0.1', host: `127.0.0.1:${port}`, protocol: 'http:', port: String(port) },
      (...result) => resolve(result[0]),
    );
  });
  expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  expect(sockets.bytesReceived()).toBe(0);
});
