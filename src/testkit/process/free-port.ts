import { createServer } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago. Services that cannot bind port 0 themselves
 * are started on one; the start is retried on a fresh port if another process took it first.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a probe socket'));
      });
    });
  });
}
