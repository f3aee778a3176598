import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startTailRelay, type TailRelay } from './tail-relay.ts';

/** A service that answers every message at once with the same bytes. */
async function startEcho(): Promise<{ server: Server; address: string }> {
  const server = createServer((socket) => {
    socket.on('data', (chunk) => socket.write(chunk));
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { server, address: `127.0.0.1:${port}` };
}

/** A client connection that sends one message at a time and times each reply. */
async function open(relay: TailRelay) {
  const socket: Socket = connect(relay.port, relay.host);
  await once(socket, 'connect');
  return {
    socket,
    async ask(message: string): Promise<{ reply: string; ms: number }> {
      const start = performance.now();
      socket.write(message);
      const [chunk] = (await once(socket, 'data')) as [Buffer];
      return { reply: chunk.toString(), ms: performance.now() - start };
    },
  };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relayed(): Promise<TailRelay> {
  const echo = await startEcho();
  cleanups.push(() => new Promise<void>((resolve) => echo.server.close(() => resolve())));
  const relay = await startTailRelay(echo.address);
  cleanups.push(() => relay.close());
  return relay;
}

describe('startTailRelay', () => {
  it('passes every reply at once until told to slow them', async () => {
    const relay = await relayed();
    const client = await open(relay);
    cleanups.push(() => void client.socket.destroy());
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const { reply, ms } = await client.ask(`m${i}`);
      expect(reply).toBe(`m${i}`);
      times.push(ms);
    }
    expect(Math.max(...times)).toBeLessThan(100);
    expect(relay.replies).toBe(40);
    expect(relay.delayedReplies).toBe(0);
  });

  it('holds back about one reply in twenty by the delay, and no other', async () => {
    const relay = await relayed();
    relay.slow({ share: 0.05, delayMs: 150, seed: 3 });
    const client = await open(relay);
    cleanups.push(() => void client.socket.destroy());
    const times: number[] = [];
    for (let i = 0; i < 200; i++) times.push((await client.ask(`m${i}`)).ms);
    const slow = times.filter((ms) => ms >= 140);
    expect(slow.length).toBe(relay.delayedReplies);
    expect(slow.length).toBeGreaterThanOrEqual(4);
    expect(slow.length).toBeLessThanOrEqual(18);
    expect(Math.max(...times)).toBeLessThan(300);
    expect(times.filter((ms) => ms >= 50 && ms < 140)).toEqual([]);
  });

  it('slows only the connection that carries a held reply', async () => {
    const relay = await relayed();
    // The first connection's reply is held; then the second one asks.
    const [first, second] = [await open(relay), await open(relay)];
    cleanups.push(
      () => void first.socket.destroy(),
      () => void second.socket.destroy(),
    );
    relay.slow({ share: 1, delayMs: 300 });
    const held = first.ask('held');
    while (relay.delayedReplies === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    relay.clear();
    const quick = await second.ask('quick');
    expect(quick.ms).toBeLessThan(100);
    const late = await held;
    expect(late.reply).toBe('held');
    expect(late.ms).toBeGreaterThanOrEqual(290);
  });

  it('holds back the end of a server that answers and closes, behind the reply', async () => {
    const server = createServer((socket) => {
      socket.on('data', () => socket.end('answer'));
      socket.on('error', () => undefined);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const relay = await startTailRelay(`127.0.0.1:${(server.address() as { port: number }).port}`);
    cleanups.push(() => relay.close());
    relay.slow({ share: 1, delayMs: 150 });
    const socket = connect(relay.port, relay.host);
    cleanups.push(() => void socket.destroy());
    const start = performance.now();
    socket.end('question');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    await once(socket, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('answer');
    expect(performance.now() - start).toBeGreaterThanOrEqual(145);
  });

  it('picks the same replies for the same seed, so two relays slow two clients alike', async () => {
    const picks = async () => {
      const relay = await relayed();
      relay.slow({ share: 0.1, delayMs: 60, seed: 42 });
      const client = await open(relay);
      cleanups.push(() => void client.socket.destroy());
      const slow: number[] = [];
      for (let i = 0; i < 60; i++) if ((await client.ask(`m${i}`)).ms >= 55) slow.push(i);
      return slow;
    };
    const [a, b] = [await picks(), await picks()];
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });

  it('refuses a share outside 0..1 and a target that is no host:port', async () => {
    const relay = await relayed();
    expect(() => relay.slow({ share: 1.5 })).toThrow(/share must be within 0\.\.1/);
    await expect(startTailRelay('nowhere')).rejects.toThrow(/target must be host:port/);
  });
});
