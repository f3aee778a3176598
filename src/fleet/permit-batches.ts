/** One caller's ask, waiting for its part of a batch's answer. */
interface Ask {
  readonly maxWaitUs: number;
  /** Permits asked ahead with it (a lease), each only if free now. */
  readonly ahead: number;
  resolve(answer: PermitAnswer): void;
  reject(error: unknown): void;
}

/** What the script answered for one permit: granted (reserved `waitUs` from now) or not. */
export interface PermitAnswer {
  readonly granted: boolean;
  readonly waitUs: number;
  /** Of the permits asked ahead, how many were granted (free now). */
  readonly ahead: number;
  /** After the whole batch, how long until the key's next permit is free (0: now). */
  readonly nextUs: number;
}

/** Sends one batch of asks for `key` and answers `granted, waitUs` per ask, in order. */
export type SendBatch = (key: string, maxWaitsUs: readonly number[]) => Promise<unknown>;

/** The most permits asked in one round trip (a script's arguments stay small). */
const maxPermits = 256;

/**
 * Gathers the asks for one key that come while a call for it is in flight, and sends them in
 * the next call, together: under concurrency a permit costs a fraction of a round trip, and
 * the script decides them in order, exactly as one call each. The first ask of a quiet key
 * goes at once, so alone a permit waits for nobody.
 */
export class PermitBatches {
  readonly #send: SendBatch;
  /** Asks waiting for the call in flight to end, by key; a key is here while one is. */
  readonly #waiting = new Map<string, Ask[]>();

  constructor(send: SendBatch) {
    this.#send = send;
  }

  ask(key: string, maxWaitUs: number, ahead = 0): Promise<PermitAnswer> {
    return new Promise((resolve, reject) => {
      const ask: Ask = { maxWaitUs, ahead, resolve, reject };
      const waiting = this.#waiting.get(key);
      if (waiting !== undefined) {
        waiting.push(ask);
        return;
      }
      this.#waiting.set(key, []);
      void this.#run(key, [ask]);
    });
  }

  async #run(key: string, batch: readonly Ask[]): Promise<void> {
    let failure: unknown;
    let reply: unknown;
    try {
      // Each ask's own permit, then those asked ahead with it (free now, or none).
      const maxWaits = batch.flatMap((ask) => [
        ask.maxWaitUs,
        ...Array.from({ length: ask.ahead }, () => 0),
      ]);
      reply = await this.#send(key, maxWaits);
    } catch (error) {
      failure = error;
    }
    const waiting = this.#waiting.get(key) ?? [];
    if (failure !== undefined) {
      // Redis did not answer: the asks gathered meanwhile fail with it at once, rather than
      // wait for a call of their own that would likely fail the same way.
      this.#waiting.delete(key);
      for (const ask of [...batch, ...waiting]) ask.reject(failure);
      return;
    }
    const answers = reply as number[];
    const nextUs = answers[answers.length - 1] ?? 0;
    let at = 0;
    for (const ask of batch) {
      let ahead = 0;
      for (let i = 1; i <= ask.ahead; i++) if (answers[2 * (at + i)] === 1) ahead++;
      ask.resolve({
        granted: answers[2 * at] === 1,
        waitUs: answers[2 * at + 1] ?? 0,
        ahead,
        nextUs,
      });
      at += 1 + ask.ahead;
    }
    if (waiting.length === 0) {
      this.#waiting.delete(key);
      return;
    }
    let asks = 0;
    for (let permits = 0; asks < waiting.length; asks++) {
      permits += 1 + (waiting[asks]?.ahead ?? 0);
      if (permits > maxPermits && asks > 0) break;
    }
    const next = waiting.splice(0, asks);
    void this.#run(key, next);
  }
}
