import { describe, expect, it } from 'vitest';
import { AbortedError, CircuitOpenError } from './errors.ts';
import { call, failing, refused, settle, setup } from './pipeline.test-helpers.ts';

/** A pipeline whose breaker opens at the first failure and whose check finds `up` when set. */
function flapping(waitWhileOpenMs: number, totalMs = 10_000) {
  const state = { up: false, sent: 0 };
  const made = setup({
    retry: false,
    timeout: { attemptMs: 1_000, totalMs },
    breaker: { consecutiveFailures: 1, openDurationMs: 30_000, waitWhileOpenMs },
    recoveryCheck: {
      intervalMs: 100,
      check: async () => {
        if (!state.up) throw refused();
      },
    },
  });
  const send = async () => {
    state.sent++;
    return 'ok';
  };
  return { ...made, state, send };
}

describe('Pipeline: waiting while the circuit is open', () => {
  it('holds a call, sending nothing, until the circuit lets it through', async () => {
    const { pipeline, clock, state, send } = flapping(500);
    await settle(pipeline.execute(failing(refused).operation, call));
    const held = settle(pipeline.execute(send, call));
    await clock.advance(250);
    expect(state.sent).toBe(0);
    state.up = true;
    await clock.advance(100);
    expect(await held).toEqual({ value: 'ok' });
    expect(state.sent).toBe(1);
    expect(pipeline.breaker?.state.state).toBe('closed');
  });

  it('refuses it once the wait is over, and never waits past the deadline', async () => {
    const { pipeline, clock, send, events } = flapping(500);
    await settle(pipeline.execute(failing(refused).operation, call));
    const held = settle(pipeline.execute(send, call));
    await clock.advance(500);
    expect((await held).error).toBeInstanceOf(CircuitOpenError);
    expect(events.filter((e) => e.type === 'rejection')).toHaveLength(1);

    const short = flapping(5_000, 200);
    await settle(short.pipeline.execute(failing(refused).operation, call));
    const bounded = settle(short.pipeline.execute(short.send, call));
    await short.clock.advance(200);
    expect((await bounded).error).toBeInstanceOf(CircuitOpenError);
  });

  it("ends the wait at the caller's abort", async () => {
    const { pipeline, clock, send } = flapping(5_000);
    await settle(pipeline.execute(failing(refused).operation, call));
    const controller = new AbortController();
    const held = settle(pipeline.execute(send, { ...call, signal: controller.signal }));
    await clock.advance(50);
    controller.abort(new Error('gone'));
    expect((await held).error).toBeInstanceOf(AbortedError);
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets the newest waiting call through first: the probe, then the others newest first', async () => {
    const { pipeline, clock, state } = flapping(1_000);
    await settle(pipeline.execute(failing(refused).operation, call));
    const order: string[] = [];
    const held = ['oldest', 'middle', 'newest'].map(async (name, i) => {
      await clock.advance(i === 0 ? 0 : 20);
      return settle(
        pipeline.execute(async () => {
          order.push(name);
          return name;
        }, call),
      );
    });
    await clock.advance(50);
    state.up = true;
    await clock.advance(100);
    const outcomes = await Promise.all(held);
    expect(outcomes.map((o) => o.value)).toEqual(['oldest', 'middle', 'newest']);
    expect(order).toEqual(['newest', 'middle', 'oldest']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses at once by default', async () => {
    const { pipeline, send } = flapping(0);
    await settle(pipeline.execute(failing(refused).operation, call));
    expect((await settle(pipeline.execute(send, call))).error).toBeInstanceOf(CircuitOpenError);
  });
});
