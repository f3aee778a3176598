// UpstreamError's `applied`: whether a failed call may have taken effect on the server, so a
// caller of a non-idempotent write knows when to reconcile.
import { describe, expect, it } from 'vitest';
import { awaitConnection } from './attempt/index.ts';
import type { Attempt } from './attempt/index.ts';
import { failing, hanging, refused, reset, settle, setup } from './pipeline.test-helpers.ts';

const write = { operation: 'put', idempotent: false } as const;
const read = { operation: 'get', idempotent: true } as const;

describe('UpstreamError.applied', () => {
  it('is no when every attempt was refused before it was sent', async () => {
    const { pipeline, clock } = setup();
    const { operation, calls } = failing(refused, refused, refused);
    const result = settle(pipeline.execute(operation, write));
    await clock.advance(1_000);
    const { error } = await result;
    expect(calls).toEqual([1, 2, 3]);
    expect(error).toMatchObject({ kind: 'connection', applied: 'no' });
  });

  it('is maybe once an attempt may have reached the server, whatever came after', async () => {
    const { pipeline, clock } = setup();
    const { operation } = failing(reset, refused, refused);
    const result = settle(pipeline.execute(operation, read));
    await clock.advance(1_000);
    const { error } = await result;
    expect(error).toMatchObject({ kind: 'connection', applied: 'maybe' });
  });

  it('is no for a call refused before any attempt (an open circuit)', async () => {
    const { pipeline } = setup({ retry: false, breaker: { consecutiveFailures: 1 } });
    await settle(pipeline.execute(failing(refused).operation, read));
    const { error } = await settle(pipeline.execute(failing().operation, write));
    expect(error).toMatchObject({ kind: 'circuit_open', attempts: 0, applied: 'no' });
  });

  it('follows the attempt the caller aborted: no while it waited for its connection, else maybe', async () => {
    const { pipeline } = setup({ retry: false });
    const waiting = (attempt: Attempt) => {
      awaitConnection(attempt, true);
      return hanging(attempt);
    };
    for (const [operation, applied] of [
      [waiting, 'no'],
      [hanging, 'maybe'],
    ] as const) {
      const controller = new AbortController();
      const result = settle(pipeline.execute(operation, { ...write, signal: controller.signal }));
      controller.abort(new Error('the user went away'));
      expect((await result).error).toMatchObject({ kind: 'aborted', applied });
    }
  });
});
