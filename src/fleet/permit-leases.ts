import { makeRoomFor } from './bounded-keys.ts';
import type { Clock } from '../core/clock.ts';

/**
 * Permits an instance took ahead from the fleet's limit, by key. When one key is asked for
 * often (more than once in a lease's time), each call to Redis also asks for a few permits
 * free now, up to `maxLease` in all; the next asks are granted from them at once, without a
 * round trip, until they are spent or `leaseMs` has passed (then the rest go unused). The
 * fleet counts a leased permit when it is taken, so a lease never lets more through than the
 * limit; it can only move a permit up to `leaseMs` later than the fleet counted it.
 */
export class PermitLeases {
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #maxLease: number;
  readonly #leases = new Map<string, { remaining: number; until: number }>();
  /**
   * When Redis last said a key's next permit comes: the fleet only ever moves that moment
   * later (every grant does), so no ask before it can be granted, and each is refused here.
   */
  readonly #notBefore = new Map<string, number>();
  /** Asks per key in the current lease-long window, and in the one before. */
  readonly #demand = new Map<string, { since: number; count: number; before: number }>();

  constructor(clock: Clock, leaseMs: number, maxLease: number) {
    this.#clock = clock;
    this.#leaseMs = leaseMs;
    this.#maxLease = maxLease;
  }

  /** Counts an ask of `key`; true when a leased permit serves it. */
  take(key: string): boolean {
    const now = this.#clock.now();
    this.#count(key, now);
    const lease = this.#leases.get(key);
    if (lease === undefined || lease.remaining <= 0 || now >= lease.until) return false;
    lease.remaining--;
    return true;
  }

  /**
   * How long until `key` can have a permit, as Redis said when it last refused one (0 when
   * one may be free now): an ask that will not wait that long is refused without asking.
   */
  refusedFor(key: string): number {
    const at = this.#notBefore.get(key);
    if (at === undefined) return 0;
    const waitMs = at - this.#clock.now();
    if (waitMs > 0) return waitMs;
    this.#notBefore.delete(key);
    return 0;
  }

  /** Redis refused `key` a permit that would come in `waitMs`. */
  refused(key: string, waitMs: number): void {
    makeRoomFor(this.#notBefore, key);
    this.#notBefore.set(key, this.#clock.now() + waitMs);
  }

  /** Permits to ask ahead with the next call for `key`: the asks of the last window, bounded. */
  aheadFor(key: string): number {
    const demand = this.#demand.get(key);
    if (demand === undefined) return 0;
    return Math.max(0, Math.min(this.#maxLease - 1, Math.max(demand.before, demand.count) - 1));
  }

  /** Keeps `count` permits granted ahead for `key`, for the next `leaseMs`. */
  add(key: string, count: number): void {
    if (count <= 0) return;
    const now = this.#clock.now();
    const lease = this.#leases.get(key);
    const remaining = lease !== undefined && now < lease.until ? lease.remaining : 0;
    makeRoomFor(this.#leases, key);
    this.#leases.set(key, { remaining: remaining + count, until: now + this.#leaseMs });
  }

  #count(key: string, now: number): void {
    const demand = this.#demand.get(key);
    if (demand === undefined) {
      makeRoomFor(this.#demand, key);
      this.#demand.set(key, { since: now, count: 1, before: 0 });
    } else if (now - demand.since >= this.#leaseMs) {
      const lastWindow = now - demand.since < 2 * this.#leaseMs ? demand.count : 0;
      this.#demand.set(key, { since: now, count: 1, before: lastWindow });
    } else {
      demand.count++;
    }
  }
}
