import type { Clock } from '../core/clock.ts';
import { EventBus } from '../core/event-bus.ts';
import type { Subscription } from '../core/event-bus.ts';
import type { FleetEvent } from './fleet-events.ts';
import { attachFleetTelemetry, type FleetTelemetryOptions } from './fleet-telemetry.ts';

/** Where a fleet policy decides now: on Redis, or on its local stand-in since `since`. */
export type FallbackState =
  | { readonly on: 'redis' }
  | { readonly on: 'local'; readonly since: number; readonly reason: string };

/**
 * The switch between Redis and a local stand-in, shared by the fleet's policies. A Redis call
 * that fails moves the policy to its stand-in at once, so no caller waits on a Redis that is
 * gone; from then on one call at most every `recheckMs` tries Redis again (the others decide
 * locally without waiting), and the first that gets an answer moves the policy back.
 */
export class RedisFallback implements Disposable {
  readonly events = new EventBus<FleetEvent>();
  readonly #name: string;
  readonly #clock: Clock;
  readonly #recheckMs: number;
  #state: FallbackState = { on: 'redis' };
  #checking = false;
  #checkedAt = -Infinity;
  readonly #telemetry: Subscription | undefined;

  /** With a `logger` or a `meter` in `telemetry`, every switch is written there too. */
  constructor(
    name: string,
    clock: Clock,
    recheckMs: number,
    telemetry: FleetTelemetryOptions = {},
  ) {
    this.#name = name;
    this.#clock = clock;
    this.#recheckMs = recheckMs;
    this.#telemetry =
      telemetry.logger !== undefined || telemetry.meter !== undefined
        ? attachFleetTelemetry(this.events, telemetry)
        : undefined;
  }

  /** Stops writing switches to the logger and meter. */
  dispose(): void {
    this.#telemetry?.dispose();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  get state(): FallbackState {
    return this.#state;
  }

  /**
   * Whether this call should ask Redis: always while on Redis; on the stand-in, for one call
   * at a time once `recheckMs` has passed since the last try. A true answer must be followed
   * by {@link answered} or {@link failed}.
   */
  tryRedis(): boolean {
    if (this.#state.on === 'redis') return true;
    if (this.#checking) return false;
    const now = this.#clock.now();
    if (now - this.#checkedAt < this.#recheckMs) return false;
    this.#checking = true;
    this.#checkedAt = now;
    return true;
  }

  /** Redis answered: back on Redis, if the policy was not. */
  answered(): void {
    this.#checking = false;
    if (this.#state.on === 'redis') return;
    this.#state = { on: 'redis' };
    this.#emit('redis', 'Redis answered again');
  }

  /** Redis did not answer (`error` says how): on the stand-in from now. */
  failed(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.#checking = false;
    if (this.#state.on === 'local') return;
    const now = this.#clock.now();
    this.#checkedAt = now;
    this.#state = { on: 'local', since: now, reason };
    this.#emit('local', reason);
  }

  /** A Redis call that ended without telling (the caller aborted it): try again soon. */
  released(): void {
    this.#checking = false;
  }

  #emit(to: 'local' | 'redis', reason: string): void {
    if (this.events.observed) {
      this.events.emit({ type: 'fleet_fallback', name: this.#name, to, reason });
    }
  }
}
