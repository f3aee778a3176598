import type { Operation } from '../attempt/attempt.ts';
import type { AttemptContext } from '../attempt/attempt-context.ts';
import { startAttempt } from '../attempt/bounded-attempt.ts';
import {
  settleFailedAttempt,
  type AttemptFacts,
  weighFailedAttempt,
  type FailedSoFar,
  type FailurePolicies,
} from '../failed-attempt.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';
import type { TimeoutScheduler } from '../timeout-scheduler.ts';
import type { HedgePolicy, RoundStart } from './hedge-policy.ts';

/** What a hedged round needs of its pipeline. */
export interface HedgeDeps {
  readonly policies: FailurePolicies;
  readonly timeouts: TimeoutScheduler;
  readonly hedge: HedgePolicy;
  readonly rateLimiter: RateLimiter | undefined;
}

/** One attempt of a call that may be hedged, as the pipeline's loop has set it up. */
export interface HedgeRound<T> extends AttemptFacts {
  readonly operation: Operation<T>;
  /** The first attempt's time. */
  readonly timeoutMs: number;
  /** The time of any one attempt, as configured: the hedge's, within the deadline. */
  readonly attemptMs: number;
  /** How long the first attempt may go unanswered before the hedge. */
  readonly delayMs: number;
  readonly totalMs: number;
  readonly before: FailedSoFar | undefined;
}

/** A round's end: the answer, or the failures so far and how many attempts were sent. */
export type RoundOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly attempts: number; readonly failed: FailedSoFar };

type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** One attempt of the round, running; `settled` resolves to the lane once it has a result. */
class Lane<T> {
  readonly running: AttemptContext<T>;
  readonly attempt: number;
  readonly start: number;
  readonly ticket: number;
  readonly settled: Promise<Lane<T>>;
  result: Settled<T> | undefined;

  constructor(running: AttemptContext<T>, start: number, ticket: number, operation: Operation<T>) {
    this.running = running;
    this.attempt = running.attempt;
    this.start = start;
    this.ticket = ticket;
    this.settled = running.run(operation).then(
      (value) => this.#settle({ ok: true, value }),
      (error: unknown) => this.#settle({ ok: false, error }),
    );
  }

  get done(): boolean {
    return this.result !== undefined;
  }

  #settle(result: Settled<T>): this {
    this.result = result;
    return this;
  }
}

const hedgeTimer = Symbol('hedge timer');

/** A timer for the next hedge: `fired` resolves when it is due. */
interface HedgeTimer {
  readonly fired: Promise<typeof hedgeTimer>;
  readonly handle: unknown;
}

/**
 * Runs one attempt of an idempotent call and, each time no attempt has answered `delayMs`
 * after the last one went (and the budget, the breaker and the rate limiter allow), another,
 * up to `maxHedges`: the first answer wins and the others are aborted, so their requests stop
 * and their connections are freed. A failure while another attempt still runs is counted and
 * reported, and the others' answers are awaited; when all fail, the last failure decides on a
 * retry, as a single attempt's would.
 */
export async function runHedgedRound<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
): Promise<RoundOutcome<T>> {
  const first = startLane(deps, round, round.attempt, round.attemptStart, round.ticket);
  const started = deps.hedge.roundStarted();
  const { clock } = deps.policies;
  const arm = (): HedgeTimer => {
    let handle: unknown;
    const fired = new Promise<typeof hedgeTimer>((resolve) => {
      handle = clock.setTimeout(() => resolve(hedgeTimer), round.delayMs);
    });
    return { fired, handle };
  };
  const lanes = [first];
  let pending = [first];
  let failed = round.before;
  let timer: HedgeTimer | undefined = arm();
  const answered = () => pending.some((lane) => lane.done);
  try {
    for (;;) {
      const settling = pending.map((running) => running.settled);
      const next = await Promise.race(timer ? [...settling, timer.fired] : settling);
      if (next === hedgeTimer) {
        timer = undefined;
        // An attempt that answered as the timer fired is seen first: no hedge after an answer.
        if (answered()) continue;
        const number = round.attempt + lanes.length;
        const hedge = await sendHedge(deps, round, number, answered, started);
        if (hedge === undefined) continue;
        lanes.push(hedge);
        pending.push(hedge);
        if (lanes.length <= deps.hedge.options.maxHedges) timer = arm();
        continue;
      }
      pending = pending.filter((other) => other !== next);
      const outcome = settleLane(deps, round, lanes, next, pending, failed);
      if (outcome.ok || pending.length === 0) return outcome;
      failed = outcome.failed;
    }
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer.handle);
  }
}

/** Sends a hedge, unless the budget, the breaker or the rate limiter says no. */
async function sendHedge<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
  number: number,
  answered: () => boolean,
  started: RoundStart,
): Promise<Lane<T> | undefined> {
  if (round.call.signal?.aborted) return undefined;
  const takenAt = deps.hedge.tryHedge(round.delayMs, started, round.breaker);
  if (takenAt === undefined) return undefined;
  const lane = await startHedge(deps, round, number, answered);
  // The hedge policy keeps each hedge in mind until it has settled, or was never sent.
  if (lane === undefined) deps.hedge.settled(takenAt);
  else void lane.settled.then(() => deps.hedge.settled(takenAt));
  return lane;
}

/**
 * The hedge's lane (attempt `number`), once the breaker and the rate limiter let it go;
 * undefined if not, or if an attempt `answered` while the rate limiter was asked.
 */
async function startHedge<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
  number: number,
  answered: () => boolean,
): Promise<Lane<T> | undefined> {
  const { clock, report } = deps.policies;
  const breaker = round.breaker;
  const ticket = breaker ? breaker.tryEnter() : 0;
  if (ticket < 0) return undefined;
  // A hedge is a request like any other: it takes a permit, but never waits for one.
  if (deps.rateLimiter !== undefined) {
    let waitMs: number;
    try {
      waitMs = await deps.rateLimiter.acquire(0, round.call.signal, round.call);
    } catch {
      waitMs = Infinity;
    }
    if (waitMs > 0 || answered()) {
      breaker?.record(ticket, 'ignored', 0);
      return undefined;
    }
  }
  const now = clock.now();
  const remainingMs = round.deadlineAt - now;
  if (remainingMs <= 0) {
    breaker?.record(ticket, 'ignored', 0);
    return undefined;
  }
  report.hedged(round.call, 'sent', number, now - round.attemptStart);
  return startLane(deps, round, number, now, ticket, Math.min(remainingMs, round.attemptMs));
}

/**
 * One lane of the round has settled: its answer ends the round (the others are aborted); its
 * failure ends it when no other lane runs, and is weighed (counted, reported) when one does.
 */
function settleLane<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
  lanes: readonly Lane<T>[],
  lane: Lane<T>,
  pending: readonly Lane<T>[],
  before: FailedSoFar | undefined,
): RoundOutcome<T> {
  const { policies } = deps;
  const { call, start, deadlineAt, totalMs } = round;
  const attempts = round.attempt + lanes.length - 1;
  const settled = lane.result ?? { ok: false, error: undefined };
  lane.running.end();
  if (settled.ok) {
    for (const other of pending) cancel(deps, round, other);
    succeed(deps, round, lanes, lane, attempts);
    return { ok: true, value: settled.value };
  }
  const error = lane.running.failure(settled.error);
  const at = { call, start, deadlineAt, attempt: lane.attempt, attemptStart: lane.start };
  const facts = { ...at, breaker: round.breaker, ticket: lane.ticket, attemptsSent: attempts };
  const bounds = { totalMs, running: lane.running, before };
  if (pending.length === 0) {
    return { ok: false, attempts, failed: settleFailedAttempt(policies, error, facts, bounds) };
  }
  try {
    return {
      ok: false,
      attempts,
      failed: weighFailedAttempt(policies, error, facts, bounds).failed,
    };
  } catch (ended) {
    for (const other of pending) cancel(deps, round, other);
    throw ended;
  }
}

/** Counts and reports the answer that won, and which attempt gave it. */
function succeed<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
  lanes: readonly Lane<T>[],
  winner: Lane<T>,
  attempts: number,
): void {
  const { clock, report } = deps.policies;
  const now = clock.now();
  const durationMs = now - winner.start;
  round.breaker?.record(winner.ticket, 'success', durationMs);
  deps.hedge.record(round.call.operation, durationMs);
  for (const hedge of lanes.slice(1)) {
    const outcome = winner === hedge ? 'won' : 'lost';
    report.hedged(round.call, outcome, hedge.attempt, now - hedge.start);
  }
  report.succeeded(round.call, round.start, winner.attempt, durationMs, attempts);
}

/** Aborts a lane that lost; once its driver lets go, its breaker ticket counts for nothing. */
function cancel<T>(deps: HedgeDeps, round: HedgeRound<T>, lane: Lane<T>): void {
  const { clock } = deps.policies;
  const breaker = round.breaker;
  lane.running.outrun = true;
  lane.running.abort(new DOMException('another attempt of the call answered first', 'AbortError'));
  void lane.settled.then(() => {
    lane.running.end();
    breaker?.record(lane.ticket, 'ignored', clock.now() - lane.start);
  });
}

function startLane<T>(
  deps: HedgeDeps,
  round: HedgeRound<T>,
  attempt: number,
  at: number,
  ticket: number,
  timeoutMs = round.timeoutMs,
): Lane<T> {
  const signal = round.call.signal;
  const running = startAttempt<T>(attempt, timeoutMs, signal, deps.timeouts, at, round.deadlineAt);
  return new Lane(running, at, ticket, round.operation);
}
