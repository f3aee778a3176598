import { Readable } from 'node:stream';
import type { Clock, TimerHandle } from '../../index.ts';

/** How an {@link ObjectStream} turns what went wrong into the error it is destroyed with. */
export interface ObjectStreamErrors {
  /** The server sent nothing for `idleMs` while the reader waited. */
  readonly idle: (idleMs: number) => Error;
  /** The download broke (a reset, a checksum mismatch); `cause` is the source's error. */
  readonly failed: (cause: unknown) => Error;
}

/**
 * The body of a streamed download. An attempt's timeout covers the wait for the response
 * headers only: a body may rightly take minutes, so it gets no deadline. Instead it gives up
 * on a server that falls silent: `idleMs` without a byte while the reader is waiting for one
 * destroys it (and the socket under it). A reader that pauses is not the server's fault, so
 * the timer runs only while data is wanted.
 *
 * Destroying this stream (or the caller's abort) destroys the source, freeing the socket.
 */
export class ObjectStream extends Readable {
  readonly #source: Readable;
  readonly #idleMs: number;
  readonly #clock: Clock;
  readonly #errors: ObjectStreamErrors;
  #timer: TimerHandle | undefined;
  #wanted = false;

  constructor(source: Readable, idleMs: number, clock: Clock, errors: ObjectStreamErrors) {
    super({ highWaterMark: source.readableHighWaterMark });
    this.#source = source;
    this.#idleMs = idleMs;
    this.#clock = clock;
    this.#errors = errors;
    source.on('readable', this.#pull);
    source.once('end', () => {
      this.#disarm();
      this.push(null);
    });
    source.once('error', (error) => this.destroy(errors.failed(error)));
    // A source closed without an end or an error (its socket destroyed under it) is a break too.
    source.once('close', () => {
      if (!source.readableEnded && !this.destroyed)
        this.destroy(errors.failed(new Error('the download stream closed before its end')));
    });
  }

  override _read(): void {
    this.#wanted = true;
    this.#pull();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#disarm();
    this.#source.destroy();
    callback(error);
  }

  readonly #pull = (): void => {
    while (this.#wanted) {
      const chunk: unknown = this.#source.read();
      if (chunk === null) {
        // Waiting on the server now: start counting its silence (if not counting already).
        if (!this.#source.readableEnded) this.#arm();
        return;
      }
      this.#disarm();
      this.#wanted = this.push(chunk);
    }
  };

  #arm(): void {
    if (this.#timer !== undefined || this.#idleMs === Infinity) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.destroy(this.#errors.idle(this.#idleMs));
    }, this.#idleMs);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
