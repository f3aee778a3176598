import { describe, expect, it } from 'vitest';
import { recordingStream } from '../core/recording-stream.test-helpers.ts';
import { TickWrites } from './tick-writes.ts';

const endOfTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TickWrites', () => {
  it('turns the writes of one tick into one batch, in order', async () => {
    const { stream, batches } = recordingStream();
    const writes = new TickWrites();
    for (const command of ['GET a', 'GET b', 'GET c']) {
      writes.gather(stream);
      stream.write(command);
    }
    expect(batches).toEqual([]);
    await endOfTick();
    expect(batches).toEqual([['GET a', 'GET b', 'GET c']]);
  });

  it('includes writes made by promise jobs of the same tick', async () => {
    const { stream, batches } = recordingStream();
    const writes = new TickWrites();
    writes.gather(stream);
    stream.write('first');
    await Promise.resolve();
    writes.gather(stream);
    stream.write('from a continuation');
    await endOfTick();
    expect(batches).toEqual([['first', 'from a continuation']]);
  });

  it('leaves the next tick uncorked until it gathers again', async () => {
    const { stream, batches } = recordingStream();
    const writes = new TickWrites();
    writes.gather(stream);
    stream.write('tick 1');
    await endOfTick();
    stream.write('ungathered');
    expect(batches).toEqual([['tick 1'], ['ungathered']]);
    expect(stream.writableCorked).toBe(0);
  });

  it('lets a stream destroyed within the tick go without throwing', async () => {
    const { stream, batches } = recordingStream();
    stream.on('error', () => undefined);
    const writes = new TickWrites();
    writes.gather(stream);
    stream.write('lost with the socket');
    stream.destroy();
    await endOfTick();
    expect(batches).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });
});
