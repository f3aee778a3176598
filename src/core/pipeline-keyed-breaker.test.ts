import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from './errors.ts';
import { answersAfter, warmUp } from './pipeline-hedging.test-helpers.ts';
import { call, failing, refused, reset, settle, setup } from './pipeline.test-helpers.ts';

const badGateway = (): Error => Object.assign(new Error('bad gateway'), { status: 502 });

const read = { operation: 'largeRead', idempotent: true } as const;
const write = { operation: 'smallWrite', idempotent: false } as const;

describe('Pipeline: a keyed breaker', () => {
  it('sheds only the key that fails; its events carry the key', async () => {
    const { pipeline, events } = setup({
      retry: false,
      breaker: { consecutiveFailures: 2, keyed: { by: 'operation' } },
    });
    for (let i = 0; i < 2; i++) await settle(pipeline.execute(failing(reset).operation, read));
    const refusedRead = await settle(pipeline.execute(async () => 'ok', read));
    expect(refusedRead.error).toBeInstanceOf(CircuitOpenError);
    expect(await pipeline.execute(async () => 'written', write)).toBe('written');
    expect(pipeline.breaker).toBeUndefined();
    expect(pipeline.breakers?.get('largeRead')?.state.state).toBe('open');
    expect(pipeline.breakers?.get('smallWrite')?.state.state).toBe('closed');
    expect(events.filter((e) => e.type === 'breaker')).toEqual([
      {
        type: 'breaker',
        service: 'svc',
        key: 'largeRead',
        from: 'closed',
        to: 'open',
        reason: '2 consecutive failures',
      },
    ]);
    const calls = events.flatMap((e) => (e.type === 'call' ? [[e.breakerKey, e.breaker]] : []));
    expect(calls).toEqual([
      ['largeRead', 'closed'],
      ['largeRead', 'open'],
      ['largeRead', 'open'],
      ['smallWrite', 'closed'],
    ]);
  });

  it('runs one recovery check for every open key, and lets each probe', async () => {
    let up = false;
    let checks = 0;
    const { pipeline, clock } = setup({
      retry: false,
      breaker: { consecutiveFailures: 1, openDurationMs: 30_000, keyed: { by: 'operation' } },
      recoveryCheck: {
        intervalMs: 100,
        check: async () => {
          checks++;
          if (!up) throw refused();
        },
      },
    });
    await settle(pipeline.execute(failing(refused).operation, read));
    await settle(pipeline.execute(failing(refused).operation, write));
    await clock.advance(500);
    // Checks every 100 ms (the first at 50: the helpers draw 0.5), one for both keys.
    expect(checks).toBe(5);
    up = true;
    await clock.advance(100);
    expect(pipeline.breakers?.get('largeRead')?.state.state).toBe('half_open');
    expect(pipeline.breakers?.get('smallWrite')?.state.state).toBe('half_open');
    expect(await pipeline.execute(async () => 'ok', read)).toBe('ok');
    expect(pipeline.breakers?.get('largeRead')?.state.state).toBe('closed');
    pipeline.dispose();
  });

  it('refuses a call whose key function gives no key, before the operation runs', async () => {
    const { pipeline } = setup({
      breaker: { keyed: { by: (c) => String(c.context?.['bucket'] ?? '') } },
    });
    const { calls, operation } = failing();
    const { error } = await settle(pipeline.execute(operation, call));
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain('breaker.keyed.by must give a non-empty string');
    expect(calls).toEqual([]);
    expect(pipeline.breakers?.keys()).toEqual([]);
  });

  it("hedges a call while another key's circuit is open", async () => {
    const { pipeline, clock, events } = setup({
      retry: false,
      hedge: { floorMs: 20 },
      breaker: { consecutiveFailures: 1, keyed: { by: 'operation' } },
    });
    await warmUp(pipeline, clock);
    await settle(pipeline.execute(failing(badGateway).operation, { ...call, operation: 'put' }));
    expect(pipeline.breakers?.get('put')?.state.state).toBe('open');
    const slowFirst = answersAfter(clock, (attempt) => (attempt === 1 ? 500 : 5));
    const result = settle(pipeline.execute(slowFirst.operation, call));
    await clock.advance(25);
    expect(await result).toEqual({ value: 'answer of 2' });
    const hedges = events.filter((event) => event.type === 'hedge').map((e) => e.outcome);
    expect(hedges).toEqual(['sent', 'won']);
  });
});
