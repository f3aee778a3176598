// A service bulwark does not wrap, for the example of tests/integration/README.md ("Adding a
// client"): a counter server on a plain TCP line protocol. `INCR <key>` adds one and answers
// the count, `GET <key>` answers it; anything else answers `ERR unknown command`.
import { createServer, type Socket } from 'node:net';

export interface LineCounterServer extends AsyncDisposable {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** How many times each key was incremented: what the service applied. */
  readonly counts: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export async function startLineCounterServer(): Promise<LineCounterServer> {
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const answer = (line: string): string => {
    const [command, key = ''] = line.trim().split(' ');
    if (command === 'INCR') counts.set(key, (counts.get(key) ?? 0) + 1);
    if (command === 'INCR' || command === 'GET') return String(counts.get(key) ?? 0);
    return 'ERR unknown command';
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        socket.write(`${answer(buffered.slice(0, end))}\n`);
        buffered = buffered.slice(end + 1);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { address: `127.0.0.1:${port}`, counts, close, [Symbol.asyncDispose]: close };
}
