import { setImmediate as endOfTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { recordingStream } from '../core/recording-stream.test-helpers.ts';
import { TurnWrites } from './turn-writes.ts';

describe('TurnWrites', () => {
  it("holds each connection's statements of the turn and sends them together at its end", async () => {
    const [a, b] = [recordingStream(), recordingStream()];
    const writes = new TurnWrites();
    writes.gather(a.stream);
    a.stream.write('SELECT 1');
    // A statement sent from another I/O callback of the same turn.
    await new Promise<void>((resolve) => process.nextTick(resolve));
    writes.gather(b.stream);
    b.stream.write('SELECT 2');
    expect([a.batches, b.batches]).toEqual([[], []]);
    await endOfTurn();
    expect([a.batches, b.batches]).toEqual([[['SELECT 1']], [['SELECT 2']]]);
  });

  it("keeps a connection's messages in order, as one write", async () => {
    const { stream, batches } = recordingStream();
    const writes = new TurnWrites();
    writes.gather(stream);
    for (const message of ['Parse', 'Bind', 'Execute', 'Sync']) stream.write(message);
    await endOfTurn();
    expect(batches).toEqual([['Parse', 'Bind', 'Execute', 'Sync']]);
  });

  it('leaves the next turn uncorked until it gathers again', async () => {
    const { stream, batches } = recordingStream();
    const writes = new TurnWrites();
    writes.gather(stream);
    stream.write('turn 1');
    await endOfTurn();
    stream.write('ungathered');
    expect(batches).toEqual([['turn 1'], ['ungathered']]);
    expect(stream.writableCorked).toBe(0);
  });

  it('gathers the same socket twice in a turn and still uncorks it fully', async () => {
    const { stream, batches } = recordingStream();
    const writes = new TurnWrites();
    writes.gather(stream);
    stream.write('SET statement_timeout = 5000');
    writes.gather(stream);
    stream.write('SELECT 1');
    await endOfTurn();
    expect(batches).toEqual([['SET statement_timeout = 5000', 'SELECT 1']]);
    expect(stream.writableCorked).toBe(0);
  });

  it("lets a cancelled statement's destroyed socket go without throwing", async () => {
    const { stream, batches } = recordingStream();
    stream.on('error', () => undefined);
    const writes = new TurnWrites();
    writes.gather(stream);
    stream.write('SELECT pg_sleep(10)');
    stream.destroy();
    await endOfTurn();
    expect(batches).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });
});
