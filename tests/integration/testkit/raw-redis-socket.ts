/**
 * A raw TCP client speaking just enough RESP to observe faults byte by byte: what arrived,
 * in how many chunks, when, and how the connection ended. A real driver would hide exactly
 * that (it reconnects, buffers, and retries).
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';

/** How and when the connection ended. */
export interface Ending {
  /** `performance.now()` at the `close` event. */
  readonly at: number;
  /** The socket error's code (`ECONNRESET`), or undefined for an orderly close. */
  readonly code: string | undefined;
  /** Bytes received in all. */
  readonly received: number;
}

/** A connected socket that records everything it receives. */
export class RawRedisSocket {
  /** Arrival time (`performance.now()`) and size of each chunk, in order. */
  readonly chunks: { readonly at: number; readonly bytes: number }[] = [];
  /** Settles when the connection closes, whoever closed it. */
  readonly ended: Promise<Ending>;
  readonly #socket: Socket;
  readonly #waiters = new Set<() => void>();
  #buffer = Buffer.alloc(0);
  #ending: Ending | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    let error: NodeJS.ErrnoException | undefined;
    socket.on('data', (data: Buffer) => {
      this.chunks.push({ at: performance.now(), bytes: data.length });
      this.#buffer = Buffer.concat([this.#buffer, data]);
      this.#wakeAll();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e));
    this.ended = new Promise((resolve) => {
      socket.once('close', () => {
        this.#ending = { at: performance.now(), code: error?.code, received: this.received };
        this.#wakeAll();
        resolve(this.#ending);
      });
    });
  }

  /** Bytes received so far. */
  get received(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.bytes, 0);
  }

  /** Sends one command, RESP-encoded (`send('GET', key)`). */
  send(...args: string[]): void {
    const parts = args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`);
    this.#socket.write(`*${args.length}\r\n${parts.join('')}`);
  }

  /** The next `length` unread bytes; rejects if the connection closes first. */
  async read(length: number): Promise<Buffer> {
    while (this.#buffer.length < length) {
      if (this.#ending !== undefined) {
        const { code, received } = this.#ending;
        throw new Error(`closed (${code ?? 'orderly'}) after ${received} bytes, wanted more`);
      }
      await this.#next();
    }
    const head = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return head;
  }

  /** Sends a command and reads a reply of known length, as text. */
  async call(reply: string | number, ...args: string[]): Promise<string> {
    this.send(...args);
    const length = typeof reply === 'number' ? reply : Buffer.byteLength(reply);
    return (await this.read(length)).toString();
  }

  /** Round-trip time of one PING; throws unless the reply is PONG. */
  async ping(): Promise<number> {
    const start = performance.now();
    const reply = await this.call('+PONG\r\n', 'PING');
    if (reply !== '+PONG\r\n') throw new Error(`PING answered ${JSON.stringify(reply)}`);
    return performance.now() - start;
  }

  /**
   * 'silent' when neither data nor a close arrives within `ms` (reading nothing). Waiting is
   * the only way to observe an absence; the window is the assertion, not synchronisation.
   */
  async silentFor(ms: number): Promise<'silent' | 'replied' | 'closed'> {
    if (this.#ending !== undefined) return 'closed';
    const heard = this.received;
    const event = this.#next().then(() => (this.received > heard ? 'replied' : 'closed'));
    return Promise.race([event, delay(ms, 'silent' as const)]);
  }

  /** Closes the connection at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  #next(): Promise<void> {
    return new Promise((resolve) => this.#waiters.add(resolve));
  }

  #wakeAll(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }
}

/** Connects (rejecting with the socket error, such as ECONNREFUSED) and authenticates. */
export async function openRedis(
  address: { readonly host: string; readonly port: number },
  password: string,
): Promise<RawRedisSocket> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(address.port, address.host);
    s.once('connect', () => {
      s.off('error', reject);
      resolve(s);
    });
    s.once('error', reject);
  });
  const redis = new RawRedisSocket(socket);
  if (password !== '') {
    const ok = await redis.call('+OK\r\n', 'AUTH', password);
    if (ok !== '+OK\r\n') throw new Error(`AUTH failed: ${ok}`);
  }
  return redis;
}

/** A fresh key for one test, expiring on its own in case the test dies before cleanup. */
export function uniqueKey(): string {
  return `bulwark:faults:${randomBytes(6).toString('hex')}`;
}

/** The reply to GET of a value of `size` bytes: `$<size>\r\n<value>\r\n`. */
export function bulkReplyLength(size: number): number {
  return `$${size}\r\n`.length + size + 2;
}
