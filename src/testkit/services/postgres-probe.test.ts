import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probePostgres } from './postgres-probe.ts';

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server on loopback that answers the first bytes it gets with `reply`. */
async function answering(reply: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => socket.once('data', () => reply(socket)));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A backend message: kind, length (itself included), body. */
function message(kind: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(kind, 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const target = { host: '127.0.0.1', user: 'bulwark', database: 'postgres' };

describe('probePostgres', () => {
  it('is satisfied by an authentication request, as pg_isready is', async () => {
    const port = await answering((socket) =>
      socket.write(message('R', Buffer.from([0, 0, 0, 10]))),
    );
    await expect(probePostgres({ ...target, port })).resolves.toBeUndefined();
  });

  it("rejects with the server's own words while it starts up", async () => {
    const fields = Buffer.from('SFATAL\0C57P03\0Mthe database system is starting up\0\0');
    const port = await answering((socket) => socket.end(message('E', fields)));
    await expect(probePostgres({ ...target, port })).rejects.toThrow(
      '57P03: the database system is starting up',
    );
  });

  it('rejects what is not PostgreSQL, and a silence at its timeout', async () => {
    const http = await answering((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await expect(probePostgres({ ...target, port: http })).rejects.toThrow('unexpected message H');
    const silent = await answering(() => undefined);
    await expect(probePostgres({ ...target, port: silent }, 100)).rejects.toThrow(
      'no answer from PostgreSQL within 100 ms',
    );
  });
});
