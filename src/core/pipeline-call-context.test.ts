import { describe, expect, it } from 'vitest';
import { call, failing, reset, settle, setup } from './pipeline.test-helpers.ts';

describe('Pipeline: call context', () => {
  it("carries the caller's facts into every event and into the error", async () => {
    const { pipeline, clock, events } = setup({
      retry: { maxAttempts: 2, backoff: { jitter: 'none' }, budget: false },
    });
    const context = { bucket: 'invoices', key: '2024/42.pdf' };
    const result = settle(pipeline.execute(failing(reset, reset).operation, { ...call, context }));
    await clock.advance(1_000);
    const { error } = await result;
    expect(error).toMatchObject({ context });
    const types = events
      .filter((e) => e.type !== 'breaker')
      .map((e) => [e.type, 'context' in e ? e.context : undefined]);
    expect(types).toEqual([
      ['attempt', context],
      ['retry', context],
      ['attempt', context],
      ['call', context],
    ]);
  });
});
