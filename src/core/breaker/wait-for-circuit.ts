import type { Clock, TimerHandle } from '../clock.ts';
import type { CircuitBreaker } from './circuit-breaker.ts';

/**
 * Waits, up to `maxWaitMs`, for an open circuit to let a call through: the call takes a ticket
 * as soon as the breaker half-opens with a probe slot free, or closes. Resolves with the
 * ticket, or -1 when the time is up with the circuit still shut; rejects with the signal's
 * reason if the caller aborts. Nothing is sent while it waits.
 *
 * A fault that comes and goes (a link that drops for a few hundred milliseconds) then costs a
 * caller some waiting, not a failure: the recovery check finds the service back and the call
 * goes out within its deadline. A long outage costs each call `maxWaitMs` before it is refused.
 */
export function waitForCircuit(
  breaker: CircuitBreaker,
  clock: Clock,
  maxWaitMs: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const finish = (): void => {
      settled = true;
      clock.clearTimeout(timer);
      moves.dispose();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      if (settled) return;
      finish();
      reject(signal?.reason);
    };
    const tryNow = (): void => {
      if (settled) return;
      const ticket = breaker.tryEnter();
      if (ticket < 0) return;
      finish();
      resolve(ticket);
    };
    // Tried after the transition's listeners have run, not from within them.
    const moves = breaker.transitions.on((move) => {
      if (move.to === 'half_open' || move.to === 'closed') queueMicrotask(tryNow);
    });
    const timer: TimerHandle = clock.setTimeout(() => {
      if (settled) return;
      const ticket = breaker.tryEnter();
      finish();
      resolve(ticket);
    }, maxWaitMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
