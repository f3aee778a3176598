import { connect, type Socket } from 'node:net';

/** Where the server listens, and which backend's running statement to cancel. */
export interface CancelTarget {
  /** A host name or address, or a Unix socket folder (starts with `/`). */
  readonly host: string;
  readonly port: number;
  readonly processId: number;
  readonly secretKey: number;
}

// The protocol's CancelRequest code: 1234 in the high 16 bits, 5678 in the low.
const cancelRequestCode = 80_877_102;

/**
 * Sends PostgreSQL's CancelRequest for `target` on a fresh connection, as libpq's
 * PQcancel does: the server stops the statement the backend is running, if any, and closes
 * the connection. No login is needed, so it works when the pool has no connection to spare.
 *
 * Settles `true` once the server has closed the connection (the request was read), `false`
 * when it could not be delivered within `timeoutMs`. Never rejects.
 */
export function sendCancelRequest(target: CancelTarget, timeoutMs: number): Promise<boolean> {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(cancelRequestCode, 4);
  packet.writeInt32BE(target.processId, 8);
  packet.writeInt32BE(target.secretKey, 12);
  return new Promise((resolve) => {
    let sent = false;
    let timedOut = false;
    const socket: Socket = target.host.startsWith('/')
      ? connect({ path: `${target.host}/.s.PGSQL.${target.port}` })
      : connect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, timeoutMs);
    // A pending cancel must not keep the process alive.
    timer.unref();
    socket.unref();
    socket.once('connect', () => {
      socket.end(packet);
      sent = true;
    });
    socket.once('error', () => socket.destroy());
    // The server reads the request and hangs up without a reply.
    socket.once('close', (hadError) => {
      clearTimeout(timer);
      resolve(sent && !timedOut && !hadError);
    });
    socket.resume();
  });
}
