// poolCloser against a stand-in PostgreSQL that logs clients in but never answers their
// goodbye: the case a real server behind a dead link presents, and Toxiproxy cannot (it
// passes the client's close on).
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { expect, test } from 'vitest';
import { poolCloser } from './pool-closer.ts';

/** A server that completes pg's startup (no password) and then ignores everything. */
async function silentServer() {
  const sockets = new Set<Socket>();
  // allowHalfOpen: the client's FIN is not answered with one of ours, as from a dead peer.
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => {
      const ok = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]); // AuthenticationOk
      const key = Buffer.from([0x4b, 0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2]); // BackendKeyData
      const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]); // ReadyForQuery, idle
      socket.write(Buffer.concat([ok, key, ready]));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, sockets, port: (server.address() as AddressInfo).port };
}

test('sockets whose goodbye is never answered are destroyed after the grace', async () => {
  const { server, sockets, port } = await silentServer();
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'u', database: 'd', max: 2 });
  const close = poolCloser(pool, 300);
  const clients = await Promise.all([pool.connect(), pool.connect()]);
  for (const client of clients) client.release();
  expect(sockets.size).toBe(2);

  const started = performance.now();
  await close();
  const elapsedMs = performance.now() - started;
  expect(elapsedMs).toBeGreaterThanOrEqual(290);
  expect(elapsedMs).toBeLessThan(300 + 2_000);
  // Our side of each connection is gone; the silent server keeps its half-open ends.
  for (const client of clients) expect(client.connection.stream.destroyed).toBe(true);
  for (const socket of sockets) socket.destroy();
  server.close();
});

test('a pool whose connections close at once resolves without waiting for the grace', async () => {
  const { server, sockets, port } = await silentServer();
  server.on('connection', (socket) => socket.on('data', () => socket.end()));
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'u', database: 'd', max: 1 });
  const close = poolCloser(pool, 5_000);
  (await pool.connect()).release();
  const started = performance.now();
  await close();
  expect(performance.now() - started).toBeLessThan(2_000);
  expect(sockets.size).toBeLessThanOrEqual(1);
  server.close();
});
