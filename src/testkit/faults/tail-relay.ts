// A TCP relay that makes a service's tail slow: when told to, it holds back a share of the
// replies (one in twenty, say) for a while and passes the rest at once. Toxiproxy's latency
// toxic slows every byte of a connection; a real tail is one slow reply here and there, on
// whichever connection carries it, while the other connections of a pool keep going. That is
// what a hedged request gets past, and what this relay makes, for any request/reply protocol.
import { createServer, connect, type Socket } from 'node:net';
import { parseListenAddress } from './listen-address.ts';
import { seededRandom } from './seeded-random.ts';
import { InvalidOptionError } from '../../core/error-catalogue.ts';

/** How the relay slows replies. */
export interface TailOptions {
  /** The share of replies held back, 0..1 (default 0.05: one in twenty). */
  readonly share?: number;
  /** How long each of them is held, ms (default 500). */
  readonly delayMs?: number;
  /**
   * Seeds the choice of replies (default 1): the same seed and the same order of replies pick
   * the same ones, so a run can be reproduced and two relays given the same seed slow the
   * same replies of two clients making the same calls.
   */
  readonly seed?: number;
}

/** A relay on a free port of 127.0.0.1 in front of one service. */
export interface TailRelay extends AsyncDisposable {
  /** `127.0.0.1:port`: where to connect instead of the service (or a fault proxy's upstream). */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Replies seen so far: a reply starts with the first bytes back after the client sent some. */
  readonly replies: number;
  /** Replies held back so far. */
  readonly delayedReplies: number;
  /** Starts holding back a share of the replies; until then, and after `clear()`, none is. */
  slow(options?: TailOptions): void;
  /** Stops holding replies back (one held already is still delivered after its delay). */
  clear(): void;
  /** Closes the relay and every connection through it. */
  close(): Promise<void>;
}

/** The defaults of {@link TailOptions}. */
export const defaultTail = { share: 0.05, delayMs: 500, seed: 1 } as const;

function checkTail(options: TailOptions): Required<TailOptions> {
  const tail = { ...defaultTail, ...options };
  if (!(tail.share >= 0 && tail.share <= 1)) {
    throw new InvalidOptionError(`bulwark: option share must be within 0..1 (got ${tail.share})`);
  }
  if (!(tail.delayMs >= 0 && Number.isFinite(tail.delayMs))) {
    throw new InvalidOptionError(
      `bulwark: option delayMs must be a finite number >= 0 (got ${tail.delayMs})`,
    );
  }
  if (!Number.isInteger(tail.seed)) {
    throw new InvalidOptionError(`bulwark: option seed must be an integer (got ${tail.seed})`);
  }
  return tail;
}

/**
 * Starts a relay that forwards every connection to `target` (`host:port`), passing replies at
 * once until {@link TailRelay.slow}. A held reply holds back what follows it on its connection
 * (bytes stay in order), never the other connections. Replies are told apart by turn-taking,
 * which request/reply protocols (HTTP/1.1, PostgreSQL) follow; a pipelining client (Redis)
 * has several requests answered in one reply, so its share would be off.
 */
export async function startTailRelay(target: string): Promise<TailRelay> {
  const parsed = parseListenAddress(target);
  if (parsed === undefined) {
    throw new InvalidOptionError(`bulwark: option target must be host:port (got ${target})`);
  }
  const open = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const counts = { replies: 0, delayed: 0 };
  let tail: (Required<TailOptions> & { readonly pick: () => number }) | undefined;

  const relay = (incoming: Socket): void => {
    const outgoing = connect({ port: parsed.port, host: parsed.host, allowHalfOpen: true });
    open.add(incoming);
    open.add(outgoing);
    // Set when the client sends: the next bytes back start a reply.
    let awaiting = false;
    incoming.on('data', (chunk: Buffer) => {
      awaiting = true;
      if (!outgoing.write(chunk)) {
        incoming.pause();
        outgoing.once('drain', () => incoming.resume());
      }
    });
    // Bytes back to the client, in order: while a reply is held, what follows it on this
    // connection (more bytes, the server's end) waits in `queue` behind it. Pausing the socket
    // is not enough: a server that answers and closes has its end delivered all the same.
    const queue: Array<Buffer | 'end'> = [];
    let holding = false;
    const write = (item: Buffer | 'end'): void => {
      if (item === 'end') {
        if (!incoming.writableEnded) incoming.end();
      } else if (!incoming.write(item)) {
        outgoing.pause();
        incoming.once('drain', () => outgoing.resume());
      }
    };
    const deliver = (item: Buffer | 'end'): void => {
      if (holding) queue.push(item);
      else write(item);
    };
    outgoing.on('data', (chunk: Buffer) => {
      const starts = awaiting;
      awaiting = false;
      if (starts) counts.replies++;
      if (!holding && starts && tail !== undefined && tail.pick() < tail.share) {
        counts.delayed++;
        holding = true;
        queue.push(chunk);
        outgoing.pause();
        const timer = setTimeout(() => {
          timers.delete(timer);
          holding = false;
          for (const item of queue.splice(0)) write(item);
          if (!incoming.writableNeedDrain) outgoing.resume();
        }, tail.delayMs);
        timers.add(timer);
        return;
      }
      deliver(chunk);
    });
    incoming.on('end', () => outgoing.end());
    outgoing.on('end', () => deliver('end'));
    incoming.on('error', () => outgoing.destroy());
    outgoing.on('error', () => incoming.destroy());
    incoming.on('close', (hadError) => {
      open.delete(incoming);
      // A broken connection breaks the other side too, as a proxy in between would.
      if (hadError) outgoing.destroy();
      else if (!outgoing.writableEnded) outgoing.end();
    });
    outgoing.on('close', (hadError) => {
      open.delete(outgoing);
      if (hadError) incoming.destroy();
      else deliver('end');
    });
  };

  const server = createServer({ allowHalfOpen: true }, relay);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    }));
  return {
    address: `127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    get replies() {
      return counts.replies;
    },
    get delayedReplies() {
      return counts.delayed;
    },
    slow(options = {}) {
      const checked = checkTail(options);
      tail = { ...checked, pick: seededRandom(checked.seed) };
    },
    clear() {
      tail = undefined;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
