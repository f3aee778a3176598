import { createServer, type Server } from 'node:net';

/**
 * A TCP port that was free on `host` a moment ago. Services that cannot bind port 0 themselves
 * are started on one; the start is retried on a fresh port if another process took it first.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await freePorts(1, host);
  if (port === undefined) throw new Error('could not find a free port');
  return port;
}

/**
 * `count` distinct ports that were free on `host` a moment ago. Every probe socket stays open
 * until all are found, so the OS cannot hand out one port twice (as it may to probes opened
 * and closed one after another): a Redis Cluster needs a dozen at once.
 */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      server.unref();
      servers.push(server);
      ports.push(await listenOnAnyPort(server, host));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function listenOnAnyPort(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('could not read the port of a probe socket'));
    });
  });
}
