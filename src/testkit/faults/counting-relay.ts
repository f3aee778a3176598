// A plain TCP relay that counts what reaches the service behind it: the conformance suite puts
// one between the fault proxy and the service, so that "no request left while the circuit was
// open" is measured on the wire, for any protocol.
import { createServer, connect, type Socket } from 'node:net';
import { parseListenAddress } from './listen-address.ts';
import { InvalidOptionError } from '../../core/error-catalogue.ts';

/** A relay on a free port of 127.0.0.1 in front of one service. */
export interface CountingRelay extends AsyncDisposable {
  /** `127.0.0.1:port`: the upstream to give the fault proxy. */
  readonly address: string;
  /** Connections the relay accepted so far (each one opened towards the service). */
  readonly connections: number;
  /** Connections open now. */
  readonly openConnections: number;
  /** Bytes sent towards the service so far, on every connection. */
  readonly bytesToService: number;
  /** Closes the relay and every connection through it. */
  close(): Promise<void>;
}

/** Starts a relay that forwards every connection to `target` (`host:port`), counting. */
export async function startCountingRelay(target: string): Promise<CountingRelay> {
  const parsed = parseListenAddress(target);
  if (parsed === undefined) {
    throw new InvalidOptionError(`bulwark: option target must be host:port (got ${target})`);
  }
  const open = new Set<Socket>();
  const accepted = new Set<Socket>();
  const counts = { connections: 0, bytes: 0 };
  const server = createServer((incoming) => {
    counts.connections++;
    const outgoing = connect(parsed.port, parsed.host);
    open.add(incoming);
    open.add(outgoing);
    accepted.add(incoming);
    incoming.on('data', (chunk: Buffer) => {
      counts.bytes += chunk.length;
    });
    const end = (): void => {
      incoming.destroy();
      outgoing.destroy();
    };
    for (const socket of [incoming, outgoing]) {
      socket.on('error', end);
      socket.on('close', () => {
        open.delete(socket);
        accepted.delete(socket);
        end();
      });
    }
    incoming.pipe(outgoing);
    outgoing.pipe(incoming);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
  return {
    address: `127.0.0.1:${port}`,
    get connections() {
      return counts.connections;
    },
    get openConnections() {
      return accepted.size;
    },
    get bytesToService() {
      return counts.bytes;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
