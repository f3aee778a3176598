import type { BulwarkErrorCode } from './error-catalogue.ts';

/** A subscription that can be ended, with `dispose()` or `using`. */
export interface Subscription extends Disposable {
  dispose(): void;
}

export type Listener<E> = (event: E) => void;

/**
 * A typed event stream that costs nothing when nobody listens: emitters check `observed`
 * before they build an event object. A listener that throws never breaks the call that
 * emitted the event; the failure becomes a process warning instead.
 */
export class EventBus<E> {
  #listeners: ReadonlyArray<Listener<E>> = [];

  /** True when at least one listener is attached. */
  get observed(): boolean {
    return this.#listeners.length > 0;
  }

  on(listener: Listener<E>): Subscription {
    // Copy on write: emit iterates a snapshot, so (un)subscribing inside a listener is safe.
    this.#listeners = [...this.#listeners, listener];
    const dispose = (): void => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
    return { dispose, [Symbol.dispose]: dispose };
  }

  emit(event: E): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(
          `a bulwark event listener threw: ${error instanceof Error ? error.message : String(error)}`,
          { code: 'BULWARK_LISTENER_ERROR' satisfies BulwarkErrorCode },
        );
      }
    }
  }
}
