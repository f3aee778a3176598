import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import type { CheckTurn, CheckTurns } from './check-turns.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { resolveRecoveryCheck } from './recovery-check.ts';
import { RecoveryWatch } from './recovery-watch.ts';

/** Turns answered by the test: whose turn, and the fleet's count of closings. */
function scriptedTurns() {
  const state = { mine: false, closings: 0, told: 0 };
  const turns: CheckTurns = {
    takeTurn: async (): Promise<CheckTurn> => ({ mine: state.mine, closings: state.closings }),
    closed: () => void state.told++,
  };
  return { state, turns };
}

/** A breaker (one failure opens it for 10 s) watched every 200 ms, taking turns. */
function watchedWithTurns(turns: CheckTurns, answers: () => boolean) {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, openDurationMs: 10_000 }, { clock });
  const runs: number[] = [];
  const check = async (): Promise<void> => {
    runs.push(clock.now());
    if (!answers()) throw new Error('connect ECONNREFUSED');
  };
  const options = resolveRecoveryCheck({ check, intervalMs: 200, timeoutMs: 1_000, turns });
  if (!options) throw new Error('no check');
  const watch = new RecoveryWatch(breaker, options, clock, { random: () => 0 });
  const open = (): void => breaker.record(breaker.tryEnter(), 'failure', 0);
  return { clock, breaker, watch, runs, open };
}

describe('RecoveryWatch taking turns with a fleet', () => {
  it('checks only on its own turns', async () => {
    const { state, turns } = scriptedTurns();
    const { clock, runs, open } = watchedWithTurns(turns, () => false);
    open();
    await clock.advance(650);
    expect(runs).toEqual([]);
    state.mine = true;
    await clock.advance(400);
    expect(runs).toEqual([800, 1_000]);
  });

  it("closes without a probe of its own when another instance's probe closed the circuit", async () => {
    const { state, turns } = scriptedTurns();
    const { clock, breaker, runs, open } = watchedWithTurns(turns, () => false);
    state.closings = 3;
    open();
    await clock.advance(250);
    expect(breaker.state.state).toBe('open');
    state.closings = 4;
    await clock.advance(200);
    expect(breaker.state.state).toBe('closed');
    expect(runs).toEqual([]);
    expect(state.told).toBe(0);
  });

  it('tells the fleet when its own probe closes the circuit, not when news closes it', async () => {
    const { state, turns } = scriptedTurns();
    state.mine = true;
    const { clock, breaker, open } = watchedWithTurns(turns, () => true);
    open();
    await clock.advance(200);
    expect(breaker.state.state).toBe('half_open');
    breaker.record(breaker.tryEnter(), 'success', 1);
    expect(breaker.state.state).toBe('closed');
    expect(state.told).toBe(1);
  });

  it('decides alone when the fleet cannot say (closings unknown, the turn its own)', async () => {
    const turns: CheckTurns = {
      takeTurn: async () => ({ mine: true, closings: -1 }),
      closed: () => undefined,
    };
    const { clock, runs, open } = watchedWithTurns(turns, () => false);
    open();
    await clock.advance(450);
    expect(runs).toEqual([200, 400]);
  });
});
