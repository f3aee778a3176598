import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/fake-clock.ts';
import { ObjectStream } from './object-stream.ts';

const errors = {
  idle: (ms: number) => new Error(`idle ${ms}`),
  failed: (cause: unknown) => new Error('failed', { cause }),
};

function make(idleMs = 1_000) {
  const clock = new FakeClock();
  const source = new PassThrough();
  const stream = new ObjectStream(source, idleMs, clock, errors);
  const failures: Error[] = [];
  stream.on('error', (error) => failures.push(error));
  return { clock, source, stream, failures };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ObjectStream', () => {
  it('passes every byte through, in order, and ends', async () => {
    const { source, stream } = make();
    source.write('hello ');
    source.end('world');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('hello world');
  });

  it('ends with the idle error when the server falls silent while the reader waits', async () => {
    const { clock, source, stream, failures } = make(1_000);
    stream.on('data', () => undefined);
    source.write('first');
    await tick();
    await clock.advance(999);
    expect(failures).toEqual([]);
    await clock.advance(1);
    expect(failures.map((e) => e.message)).toEqual(['idle 1000']);
    // The source (and the socket under it) goes with it.
    expect(source.destroyed).toBe(true);
  });

  it('each byte from the server restarts the count', async () => {
    const { clock, source, stream, failures } = make(1_000);
    stream.on('data', () => undefined);
    for (let i = 0; i < 5; i++) {
      await clock.advance(800);
      source.write('x');
      await tick();
    }
    expect(failures).toEqual([]);
    source.end();
    await tick();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a paused reader is not the server’s fault: no timer runs while nobody reads', async () => {
    const { clock, source, stream, failures } = make(1_000);
    source.write('waiting to be read');
    await tick();
    await clock.advance(10_000);
    expect(failures).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    source.end();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('waiting to be read');
  });

  it('a source error or a premature close ends it with the failed error', async () => {
    const broken = make();
    const cause = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    broken.source.destroy(cause);
    await tick();
    expect(broken.failures[0]?.cause).toBe(cause);

    const cut = make();
    cut.source.destroy();
    await tick();
    expect(cut.failures[0]?.message).toBe('failed');
  });

  it('destroying it (an abandoned download) destroys the source and clears the timer', async () => {
    const { clock, source, stream, failures } = make();
    stream.on('data', () => undefined);
    await tick();
    expect(clock.pendingTimers).toBe(1);
    stream.destroy();
    await tick();
    expect(source.destroyed).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    expect(failures).toEqual([]);
  });
});
