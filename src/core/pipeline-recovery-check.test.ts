import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from './errors.ts';
import { call, failing, refused, settle, setup } from './pipeline.test-helpers.ts';

describe('Pipeline: recovery check', () => {
  it('lets the next call probe as soon as a check reaches the service, not after the open time', async () => {
    let up = false;
    const checks: number[] = [];
    const { pipeline, clock, events } = setup({
      retry: false,
      breaker: { consecutiveFailures: 1, openDurationMs: 30_000 },
      recoveryCheck: {
        intervalMs: 100,
        check: async () => {
          checks.push(clock.now());
          if (!up) throw refused();
        },
      },
    });
    const { operation } = failing(refused);
    await settle(pipeline.execute(operation, call));
    expect((await settle(pipeline.execute(async () => 'ok', call))).error).toBeInstanceOf(
      CircuitOpenError,
    );
    await clock.advance(200);
    // The first check at a random moment within the interval (the helpers draw 0.5), then
    // one every interval.
    expect(checks).toEqual([50, 150]);
    up = true;
    await clock.advance(100);
    expect(await pipeline.execute(async () => 'ok', call)).toBe('ok');
    expect(pipeline.breaker?.state.state).toBe('closed');
    const moves = events.flatMap((e) => (e.type === 'breaker' ? [`${e.to}: ${e.reason}`] : []));
    expect(moves).toEqual([
      'open: 1 consecutive failures',
      'half_open: a recovery check reached the service',
      'closed: 1 probe succeeded',
    ]);
    expect(events.filter((e) => e.type === 'recovery_check')).toEqual([
      { type: 'recovery_check', service: 'svc', outcome: 'failed', durationMs: 0 },
      { type: 'recovery_check', service: 'svc', outcome: 'failed', durationMs: 0 },
      { type: 'recovery_check', service: 'svc', outcome: 'answered', durationMs: 0 },
    ]);
    pipeline.dispose();
  });

  it('runs no check without a breaker, and none once disposed', async () => {
    const checks: number[] = [];
    const check = async () => {
      checks.push(1);
    };
    const withoutBreaker = setup({ breaker: false, recoveryCheck: { check } });
    await withoutBreaker.clock.advance(1_000);
    const disposed = setup({
      retry: false,
      breaker: { consecutiveFailures: 1 },
      recoveryCheck: { check },
    });
    disposed.pipeline.dispose();
    await settle(disposed.pipeline.execute(failing(refused).operation, call));
    await disposed.clock.advance(1_000);
    expect(checks).toEqual([]);
  });
});
