import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/**
 * Connects undici's sockets as undici itself would (its own connector, with its defaults) and
 * keeps count of the bytes the servers send on them, those closed since included: a count that
 * never drops, read when an attempt starts and when it times out. If it grew meanwhile, the
 * servers were answering, only slowly, and the timeout is no outage (`watchLinkProgress`).
 *
 * Relies on undici 7's `buildConnector` and an Agent's `connect` option (public API).
 */
export class CountedSockets {
  readonly #live = new Set<Socket>();
  #bytesOfClosed = 0;
  readonly connect: buildConnector.connector;

  constructor() {
    const connect = buildConnector({});
    this.connect = (options, callback) => {
      connect(options, (...result: buildConnector.CallbackArgs) => {
        // A failed connect calls back with the error alone: no socket, not even null.
        const [error, socket] = result;
        if (error === null && socket) this.#count(socket);
        callback(...result);
      });
    };
  }

  /** Bytes received so far on every socket this connector made. */
  readonly bytesReceived = (): number => {
    let bytes = this.#bytesOfClosed;
    for (const socket of this.#live) bytes += socket.bytesRead;
    return bytes;
  };

  #count(socket: Socket): void {
    this.#live.add(socket);
    socket.once('close', () => {
      this.#live.delete(socket);
      this.#bytesOfClosed += socket.bytesRead;
    });
  }
}
