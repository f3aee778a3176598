import { describe, expect, it } from 'vitest';
import { call, failing, refused, settle, setup } from './pipeline.test-helpers.ts';

describe("the call event: the breaker's state as the call ended", () => {
  it('is there with a breaker, as it stood, and absent without one', async () => {
    const { pipeline, events } = setup({ retry: false, breaker: { consecutiveFailures: 1 } });
    await settle(pipeline.execute(failing().operation, call));
    await settle(pipeline.execute(failing(refused).operation, call));
    await settle(pipeline.execute(failing().operation, call));
    const ended = events.flatMap((e) => (e.type === 'call' ? [[e.outcome, e.breaker]] : []));
    expect(ended).toEqual([
      ['success', 'closed'],
      ['failure', 'open'],
      ['rejected', 'open'],
    ]);

    const bare = setup({ retry: false, breaker: false });
    await settle(bare.pipeline.execute(failing().operation, call));
    const bareCall = bare.events.find((e) => e.type === 'call');
    expect(bareCall).toMatchObject({ outcome: 'success' });
    expect(bareCall?.type === 'call' && bareCall.breaker).toBeUndefined();
  });
});
