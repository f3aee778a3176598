import type { CheckTurns } from './check-turns.ts';
import { checkFunction, checkKeys, checkNumber } from '../validate.ts';
import { checkObject, checkPositive } from './option-checks.ts';

/**
 * Asks the upstream, as cheaply as it can, whether it answers at all: a connection and
 * `SELECT 1`, a Redis `PING`, an HTTP `HEAD`. Resolves when the upstream answered, rejects
 * when it did not; stops (and frees what it holds) when `signal` aborts.
 */
export type LivenessCheck = (signal: AbortSignal) => Promise<void>;

/**
 * How an open circuit notices that its upstream is back. While the circuit is open, the
 * pipeline runs `check` every `intervalMs`, one at a time, each bounded by `timeoutMs`; the
 * first that succeeds moves the circuit to half-open at once, so the next call probes a service
 * that answers instead of waiting out the open time. A check is not a call: it is one small
 * request, never retried, and no caller waits for it. The clients bring their own `check`; a
 * pipeline of your own needs one given here, or it waits out the open time as before.
 */
export interface RecoveryCheckOptions {
  readonly check?: LivenessCheck;
  /**
   * Time from one check's start to the next one's (default 200 ms; Redis 50 ms, as a PING
   * costs it next to nothing); the first comes at a random moment within it. A check that
   * took longer (it hung until its timeout) is followed at once. One check runs at a time.
   */
  readonly intervalMs?: number;
  /** How long one check may take (default 2_000 ms). */
  readonly timeoutMs?: number;
  /**
   * Turn-taking with the other instances of a fleet (bulwark/fleet's `createFleetProbes`): one
   * checks at a time, and one's successful probe closes every circuit.
   */
  readonly turns?: CheckTurns;
}

/** {@link RecoveryCheckOptions} validated, with the defaults filled in. */
export interface ResolvedRecoveryCheck {
  readonly check: LivenessCheck;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly turns: CheckTurns | undefined;
}

export const defaultRecoveryCheck = {
  // Recovery within about this long of the upstream's return, at a cost of five small requests
  // a second to an upstream that is down: a raw driver sends every call there instead.
  intervalMs: 200,
  // A check that hangs (a blackhole) is given up and another started; one left in flight when
  // the fault ends completes at once and closes the gap.
  timeoutMs: 2_000,
} as const;

/**
 * Validates the option at construction. Undefined when there is nothing to run: the option is
 * false, or neither the caller nor the client gave a check.
 */
export function resolveRecoveryCheck(
  options: RecoveryCheckOptions | false | undefined,
): ResolvedRecoveryCheck | undefined {
  if (options === false || options === undefined) return undefined;
  checkObject('recoveryCheck', options);
  checkKeys('recoveryCheck', options, ['check', 'intervalMs', 'timeoutMs', 'turns']);
  const intervalMs = options.intervalMs ?? defaultRecoveryCheck.intervalMs;
  checkNumber('recoveryCheck.intervalMs', intervalMs, 1);
  const timeoutMs = options.timeoutMs ?? defaultRecoveryCheck.timeoutMs;
  checkPositive('recoveryCheck.timeoutMs', timeoutMs);
  if (options.check === undefined) return undefined;
  const check = checkFunction('recoveryCheck.check', options.check);
  const turns = options.turns;
  if (turns !== undefined) {
    checkFunction('recoveryCheck.turns.takeTurn', turns.takeTurn);
    checkFunction('recoveryCheck.turns.closed', turns.closed);
  }
  return { check, intervalMs, timeoutMs, turns };
}

/**
 * Whether an HTTP status from a recovery check still shows the trouble that opens a circuit (a
 * 5xx, a 429), rather than a server that works (any other answer, a 404 or a 401 included).
 */
export function statusShowsTrouble(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * A client's recovery check under the caller's option: the caller's settings (and check, if
 * given) win, and `false` turns it off. `intervalMs` is the client's default interval, for a
 * check cheaper than most (a Redis PING).
 */
export function withClientCheck(
  option: RecoveryCheckOptions | false | undefined,
  check: LivenessCheck,
  intervalMs: number = defaultRecoveryCheck.intervalMs,
): RecoveryCheckOptions | false {
  if (option === false) return false;
  return { check, ...option, intervalMs: option?.intervalMs ?? intervalMs };
}
