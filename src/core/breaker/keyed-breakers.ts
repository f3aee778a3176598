import type { Clock } from '../clock.ts';
import { InvalidOptionError } from '../error-catalogue.ts';
import { EventBus, type Subscription } from '../event-bus.ts';
import type { RandomSource } from '../random.ts';
import { redact } from '../redact.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import {
  resolveCircuitBreakerOptions,
  type CircuitBreakerOptions,
} from './circuit-breaker-options.ts';
import type { CircuitTransition } from './circuit-state.ts';
import type { KeyedCall, ResolvedKeyedBreakers } from './keyed-breaker-options.ts';

/** A change of state of one key's circuit. */
export interface KeyedTransition extends CircuitTransition {
  readonly key: string;
}

/** A key's breaker was dropped: unused for `idleMs`, or the key used least lately past `maxKeys`. */
export interface DroppedKey {
  readonly key: string;
  readonly reason: 'idle' | 'max_keys';
}

interface KeyEntry {
  readonly breaker: CircuitBreaker;
  readonly transitions: Subscription;
  usedAt: number;
}

/**
 * One {@link CircuitBreaker} per key of a call (its operation, bucket, host, ...), each with
 * the same options, made at the key's first call. Keys unused for `idleMs` are dropped, and
 * past `maxKeys` the key used least lately; a circuit isolated by hand is kept. Every key's
 * transitions come out of `transitions`, with the key.
 */
export class KeyedBreakers {
  readonly #keys = new Map<string, KeyEntry>();
  readonly #options: CircuitBreakerOptions;
  readonly #keying: ResolvedKeyedBreakers;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  #sweptAt: number;
  readonly transitions = new EventBus<KeyedTransition>();
  readonly dropped = new EventBus<DroppedKey>();

  /** `options` are each key's breaker options, validated here, before any key has one. */
  constructor(
    options: CircuitBreakerOptions,
    keying: ResolvedKeyedBreakers,
    deps: { readonly clock: Clock; readonly random: RandomSource },
  ) {
    resolveCircuitBreakerOptions(options);
    this.#options = options;
    this.#keying = keying;
    this.#clock = deps.clock;
    this.#random = deps.random;
    this.#sweptAt = deps.clock.now();
  }

  /**
   * The breaker of `call`'s key, made if the key is new; `now` marks the key used. Throws an
   * InvalidOptionError when the key function does not give a non-empty string.
   */
  for(call: KeyedCall, now: number): CircuitBreaker {
    if (now - this.#sweptAt >= this.#keying.idleMs) this.#dropIdle(now);
    const key = this.keyOf(call);
    const entry = this.#keys.get(key) ?? this.#add(key);
    entry.usedAt = now;
    return entry.breaker;
  }

  /** The key of `call`, checked. */
  keyOf(call: KeyedCall): string {
    let key: unknown;
    try {
      key = this.#keying.keyOf(call);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new InvalidOptionError(
        redact(`bulwark: breaker.keyed.by threw for a call of ${call.operation}: ${message}`),
        { cause: error },
      );
    }
    if (typeof key !== 'string' || key === '') {
      const shown = typeof key === 'string' ? '""' : String(key);
      throw new InvalidOptionError(
        `bulwark: breaker.keyed.by must give a non-empty string for a call (got ${shown} for ${call.operation})`,
      );
    }
    return key;
  }

  /** The breaker of `key`, if it has one now (to read its state, isolate or reset it). */
  get(key: string): CircuitBreaker | undefined {
    return this.#keys.get(key)?.breaker;
  }

  /** The keys that have a breaker now. */
  keys(): string[] {
    return [...this.#keys.keys()];
  }

  /** Whether any key's circuit is open (an open time that is up moves it to half-open first). */
  get isOpen(): boolean {
    for (const { breaker } of this.#keys.values()) if (breaker.isOpen) return true;
    return false;
  }

  /** Lets the next call of every open key probe (a recovery check reached the service). */
  admitProbes(reason: string): void {
    for (const { breaker } of this.#keys.values()) breaker.admitProbes(reason);
  }

  /**
   * News that the upstream serves again (another instance of the fleet closed its circuit)
   * lets each open key's next call probe, rather than closing them all: the news may be of
   * another key, and a key that still cannot succeed then opens again after one call.
   */
  closeOnNews(reason: string): void {
    this.admitProbes(reason);
  }

  #add(key: string): KeyEntry {
    if (this.#keys.size >= this.#keying.maxKeys) this.#dropLeastUsed();
    const breaker = new CircuitBreaker(this.#options, {
      clock: this.#clock,
      random: this.#random,
    });
    const transitions = breaker.transitions.on((transition) => {
      if (this.transitions.observed) this.transitions.emit({ key, ...transition });
    });
    const entry = { breaker, transitions, usedAt: this.#clock.now() };
    this.#keys.set(key, entry);
    return entry;
  }

  #dropIdle(now: number): void {
    this.#sweptAt = now;
    for (const [key, entry] of this.#keys) {
      if (entry.breaker.stateName === 'isolated') continue;
      if (now - entry.usedAt >= this.#keying.idleMs) this.#drop(key, entry, 'idle');
    }
  }

  #dropLeastUsed(): void {
    let least: [string, KeyEntry] | undefined;
    for (const pair of this.#keys) {
      if (pair[1].breaker.stateName === 'isolated') continue;
      if (least === undefined || pair[1].usedAt < least[1].usedAt) least = pair;
    }
    if (least !== undefined) this.#drop(least[0], least[1], 'max_keys');
  }

  /** Forgets a key (never one isolated by hand: the callers pass over those). */
  #drop(key: string, entry: KeyEntry, reason: DroppedKey['reason']): void {
    entry.transitions.dispose();
    this.#keys.delete(key);
    if (this.dropped.observed) this.dropped.emit({ key, reason });
  }
}
