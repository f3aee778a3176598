import { describe, expect, it } from 'vitest';
import { createPipeline } from './pipeline.ts';
import type { PipelineOptions } from './pipeline-options.ts';
import { failing, setup } from './pipeline.test-helpers.ts';

describe('Pipeline: options', () => {
  it('rejects bad options with a TypeError that names them', () => {
    expect(() => createPipeline({} as PipelineOptions)).toThrow(
      /option service must be a non-empty string/,
    );
    expect(() => createPipeline({ service: 's', retry: { maxAttempts: 0 } })).toThrow(
      /retry\.maxAttempts/,
    );
    expect(() => createPipeline({ service: 's', timeout: { attemptMs: -1 } })).toThrow(
      /timeout\.attemptMs/,
    );
    expect(() =>
      createPipeline({ service: 's', rateLimit: { ratePerSecond: 5, mode: 'drop' as never } }),
    ).toThrow(/rateLimit\.mode/);
    expect(() => createPipeline({ service: 's', retires: {} } as never)).toThrow(
      /unknown option pipeline\.retires/,
    );
  });

  it('rejects bad call options before any I/O', async () => {
    const { pipeline } = setup();
    const { calls, operation } = failing();
    await expect(pipeline.execute(operation, { operation: '', idempotent: true })).rejects.toThrow(
      TypeError,
    );
    await expect(pipeline.execute(operation, { operation: 'x' } as never)).rejects.toThrow(
      /idempotent/,
    );
    expect(calls).toEqual([]);
  });
});
