import { setImmediate as endOfTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CoalescedWrites } from './coalesced-writes.ts';
import { recordingStream } from './recording-stream.test-helpers.ts';

const endOfTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe.each(['tick', 'turn'] as const)(
  'CoalescedWrites, flushed at the end of the %s',
  (flushAt) => {
    // The end of the turn comes after the end of the tick: both windows are over by then.
    const windowEnd = endOfTurn;

    it('turns the writes of the window into one batch, in order', async () => {
      const { stream, batches } = recordingStream();
      const writes = new CoalescedWrites(flushAt);
      for (const message of ['Parse', 'Bind', 'Execute', 'Sync']) {
        writes.gather(stream);
        stream.write(message);
      }
      expect(batches).toEqual([]);
      await windowEnd();
      expect(batches).toEqual([['Parse', 'Bind', 'Execute', 'Sync']]);
    });

    it('includes writes made by promise jobs of the same tick', async () => {
      const { stream, batches } = recordingStream();
      const writes = new CoalescedWrites(flushAt);
      writes.gather(stream);
      stream.write('first');
      await Promise.resolve();
      writes.gather(stream);
      stream.write('from a continuation');
      await windowEnd();
      expect(batches).toEqual([['first', 'from a continuation']]);
    });

    it('leaves the next window uncorked until it gathers again, however often it gathered', async () => {
      const { stream, batches } = recordingStream();
      const writes = new CoalescedWrites(flushAt);
      writes.gather(stream);
      stream.write('SET statement_timeout = 5000');
      writes.gather(stream);
      stream.write('SELECT 1');
      await windowEnd();
      stream.write('ungathered');
      expect(batches).toEqual([['SET statement_timeout = 5000', 'SELECT 1'], ['ungathered']]);
      expect(stream.writableCorked).toBe(0);
    });

    it('lets a stream destroyed within the window go without throwing', async () => {
      const { stream, batches } = recordingStream();
      stream.on('error', () => undefined);
      const writes = new CoalescedWrites(flushAt);
      writes.gather(stream);
      stream.write('lost with the socket');
      stream.destroy();
      await windowEnd();
      expect(batches).toEqual([]);
      expect(stream.destroyed).toBe(true);
    });
  },
);

describe('CoalescedWrites, the window', () => {
  it('at the end of the tick: the writes go before the next turn of the loop', async () => {
    const { stream, batches } = recordingStream();
    const writes = new CoalescedWrites('tick');
    writes.gather(stream);
    stream.write('GET a');
    await endOfTick();
    await endOfTick();
    expect(batches).toEqual([['GET a']]);
  });

  it("at the end of the turn: each socket's writes of the turn go together, from several callbacks", async () => {
    const [a, b] = [recordingStream(), recordingStream()];
    const writes = new CoalescedWrites('turn');
    writes.gather(a.stream);
    a.stream.write('SELECT 1');
    // A statement sent from another callback of the same turn.
    await endOfTick();
    writes.gather(b.stream);
    b.stream.write('SELECT 2');
    expect([a.batches, b.batches]).toEqual([[], []]);
    await endOfTurn();
    expect([a.batches, b.batches]).toEqual([[['SELECT 1']], [['SELECT 2']]]);
  });
});
