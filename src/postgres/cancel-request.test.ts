import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { sendCancelRequest } from './cancel-request.ts';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.close();
    await once(server, 'close');
  }
});

/** A local server that hands each accepted socket to `onSocket`. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer(onSocket);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

describe('sendCancelRequest', () => {
  test("writes PostgreSQL's 16-byte CancelRequest and settles true when the server hangs up", async () => {
    const received: Buffer[] = [];
    const port = await listen((socket) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('end', () => socket.end());
    });
    const target = { host: '127.0.0.1', port, processId: 4321, secretKey: -123_456_789 };
    expect(await sendCancelRequest(target, 2_000)).toBe(true);
    const packet = Buffer.concat(received);
    expect(packet.length).toBe(16);
    expect(packet.readInt32BE(0)).toBe(16);
    expect(packet.readInt32BE(4)).toBe(80_877_102);
    expect(packet.readInt32BE(8)).toBe(4321);
    expect(packet.readInt32BE(12)).toBe(-123_456_789);
  });

  test('settles false, without throwing, when nothing listens', async () => {
    const port = await listen(() => undefined);
    servers[0]?.close();
    await once(servers[0] as Server, 'close');
    servers.length = 0;
    const target = { host: '127.0.0.1', port, processId: 1, secretKey: 1 };
    expect(await sendCancelRequest(target, 2_000)).toBe(false);
  });

  test('gives up after its timeout when the server never hangs up', async () => {
    const held: Socket[] = [];
    const port = await listen((socket) => held.push(socket));
    const started = performance.now();
    const target = { host: '127.0.0.1', port, processId: 1, secretKey: 1 };
    expect(await sendCancelRequest(target, 200)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    for (const socket of held) socket.destroy();
  });
});
