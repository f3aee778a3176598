import { describe, expect, it } from 'vitest';
import { AdaptiveBulkhead } from './bulkhead/adaptive-bulkhead.ts';
import { BulkheadFullError } from './errors.ts';
import { createPipeline } from './pipeline.ts';
import { call, hanging, refused, settle, setup } from './pipeline.test-helpers.ts';

describe('Pipeline: adaptive bulkhead', () => {
  it('refuses a call over the adaptive limit at once, as bulkhead_full', async () => {
    const { pipeline, clock } = setup({
      retry: false,
      bulkhead: { adaptive: { initialLimit: 1 } },
    });
    const first = settle(pipeline.execute(hanging, { ...call, timeoutMs: 100 }));
    let outbound = 0;
    const { error } = await settle(pipeline.execute(async () => outbound++, call));
    expect(error).toBeInstanceOf(BulkheadFullError);
    expect(error).toMatchObject({ kind: 'bulkhead_full', attempts: 0, elapsedMs: 0 });
    expect(outbound).toBe(0);
    await clock.advance(100);
    await first;
    await expect(pipeline.execute(async () => 'ran', call)).resolves.toBe('ran');
  });

  it('shares an AdaptiveBulkhead given to several pipelines', async () => {
    const bulkhead = new AdaptiveBulkhead({ adaptive: { initialLimit: 1 } });
    const a = setup({ retry: false, bulkhead });
    const b = setup({ retry: false, bulkhead });
    const first = settle(a.pipeline.execute(hanging, { ...call, timeoutMs: 100 }));
    const { error } = await settle(b.pipeline.execute(async () => 1, call));
    expect(error).toBeInstanceOf(BulkheadFullError);
    await a.clock.advance(100);
    await first;
    expect(bulkhead.running).toBe(0);
  });

  it('refuses maxConcurrent beside adaptive, and a bad adaptive option, naming them', () => {
    const make = (bulkhead: object) => () =>
      createPipeline({ service: 'svc', bulkhead: bulkhead as { adaptive: true } });
    expect(make({ adaptive: true, maxConcurrent: 4 })).toThrow(TypeError);
    expect(make({ adaptive: true, maxConcurrent: 4 })).toThrow(
      /bulkhead\.maxConcurrent and bulkhead\.adaptive cannot be given together/,
    );
    expect(make({ adaptive: { minLimit: 0 } })).toThrow(/bulkhead\.adaptive\.minLimit/);
    expect(make({ adaptive: true, maxQueue: 1.5 })).toThrow(/bulkhead\.maxQueue/);
    expect(make({ maxConcurrent: 0 })).toThrow(/bulkhead\.maxConcurrent must be an integer >= 1/);
  });

  it('learns from each call: timeouts bring the limit down, answers take it back up, a refused connection says nothing', async () => {
    const { pipeline, clock } = setup({
      retry: false,
      breaker: false,
      bulkhead: { adaptive: { algorithm: 'aimd', initialLimit: 10 } },
    });
    const limit = () => (pipeline.bulkhead as AdaptiveBulkhead).limit;
    for (let i = 0; i < 5; i++) {
      const timedOut = settle(pipeline.execute(hanging, { ...call, timeoutMs: 50 }));
      await clock.advance(50);
      expect((await timedOut).error).toMatchObject({ kind: 'timeout' });
    }
    const fallen = limit();
    expect(fallen).toBeLessThan(10);
    for (let i = 0; i < 5; i++) {
      const failed = await settle(pipeline.execute(() => Promise.reject(refused()), call));
      expect(failed.error).toMatchObject({ kind: 'connection' });
    }
    expect(limit()).toBe(fallen);
    // Calls that fill the slots (a limit grows only while it is what holds calls back).
    const answer = () => new Promise((resolve) => clock.setTimeout(() => resolve('answer'), 1));
    for (let round = 0; round < 20; round++) {
      const batch = Array.from({ length: limit() }, () => pipeline.execute(answer, call));
      await clock.advance(1);
      await Promise.all(batch);
    }
    expect(limit()).toBeGreaterThan(fallen);
  });
});
