// The client's argument checks and lifecycle, without a database: a local socket server
// stands where PostgreSQL would be, only to count the connections that must not be made.
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { UpstreamError } from '../core/errors.ts';
import { createPostgresClient, type PostgresClient } from './postgres-client.ts';
import type { PostgresClientOptions } from './postgres-options.ts';

let server: Server;
let port = 0;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.close();
});

function client(options: Partial<PostgresClientOptions> = {}): PostgresClient {
  return createPostgresClient({
    connection: { host: '127.0.0.1', port, user: 'u', password: 'p', database: 'd' },
    retry: false,
    ...options,
  });
}

/** What a JavaScript caller could pass where the types would not let TypeScript. */
function loose<T>(value: unknown): T {
  return value as T;
}

describe('createPostgresClient validates its options before any I/O', () => {
  test.each([
    [undefined, /options object with \{ url \} or \{ connection \}/],
    [{}, /option connection must be pg pool settings .*, or option url a postgres:\/\/ URL/],
    [{ url: 'postgres://u:p@127.0.0.1:notaport/db' }, /option url has a port that is no number$/],
    [{ url: 'mysql://u:p@h/db' }, /option url must be a postgres:\/\/ .* \(got scheme mysql\)/],
    [{ url: 7 }, /option url must be a string \(got number\)/],
    [
      { url: 'postgres://h/db', connection: { host: 'other' } },
      /options url and connection\.host both say where to connect/,
    ],
    [{ connection: {}, retries: 3 }, /unknown option postgres\.retries/],
    [{ connection: { query_timeout: 1000 } }, /connection\.query_timeout is not supported/],
    [{ connection: { statement_timeout: 1000 } }, /connection\.statement_timeout is not/],
    [{ connection: { max: 0 } }, /option connection\.max must be an integer >= 1 \(got 0\)/],
    [{ connection: { port: 70_000 } }, /connection\.port must be an integer from 1 to 65535/],
    [{ connection: { connectionTimeoutMillis: 0 } }, /connectionTimeoutMillis must be/],
    [{ connection: {}, service: '' }, /option service must be a non-empty string/],
    [{ connection: {}, timeout: { attemptMs: -1 } }, /option timeout\.attemptMs/],
    [
      { connection: { connectionString: 'postgres://u:p@127.0.0.1:notaport/db' } },
      /option connection\.connectionString has a port that is no number$/,
    ],
    [
      { connection: { connectionString: 'mysql://u:p@127.0.0.1:5432/db' } },
      /must be a postgres:\/\/ or postgresql:\/\/ URL \(got scheme mysql\)/,
    ],
    [{ connection: { connectionString: 42 } }, /connectionString must be a string/],
  ])('%j', (options, message) => {
    expect(() => createPostgresClient(loose<PostgresClientOptions>(options))).toThrow(
      new RegExp(message.source),
    );
    expect(() => createPostgresClient(loose<PostgresClientOptions>(options))).toThrow(TypeError);
  });

  test.each([
    'postgres://u:p@127.0.0.1:5432/db',
    'postgresql://u@[::1]:5432/db?sslmode=disable',
    'postgres://u:p@db.internal/db',
    'postgresql:///db?host=/var/run/postgresql',
  ])('accepts the connection string %s, as url too', async (connectionString) => {
    await createPostgresClient({ connection: { connectionString } }).close();
    await createPostgresClient({ url: connectionString, connection: { max: 2 } }).close();
  });

  test('a valid client connects to nothing until called', async () => {
    const before = connections;
    const db = client();
    expect(db.service).toBe('postgres');
    expect(db.poolStats).toEqual({ total: 0, idle: 0, waiting: 0 });
    await db.close();
    expect(connections).toBe(before);
  });
});

describe('query and transaction reject bad arguments with a TypeError, before any I/O', () => {
  test.each([
    ['an empty text', () => client().query('  ')],
    ['a text that is not a string', () => client().query(loose<string>(42))],
    ['params that are not an array', () => client().query('SELECT $1', loose<unknown[]>('x'))],
    ['options that are not an object', () => client().query('SELECT 1', [], loose<object>(7))],
    ['a non-boolean idempotent', () => client().query('SELECT 1', [], loose({ idempotent: 1 }))],
    ['a negative timeoutMs', () => client().query('SELECT 1', [], { timeoutMs: -5 })],
    [
      'a context that is not an object',
      () => client().query('SELECT 1', [], loose({ context: 1 })),
    ],
    ['no callback', () => client().transaction(loose<() => Promise<void>>(undefined))],
    [
      'an unknown isolation level',
      () => client().transaction(async () => 1, loose({ isolationLevel: 'chaos' })),
    ],
    ['a non-boolean readOnly', () => client().transaction(async () => 1, loose({ readOnly: 1 }))],
  ])('%s', async (_name, call) => {
    const before = connections;
    await expect(call()).rejects.toThrow(TypeError);
    expect(connections).toBe(before);
  });

  test('parameter values never appear in the message', async () => {
    const secret = 'hunter2-secret';
    await expect(client().query('SELECT $1', loose<unknown[]>(secret))).rejects.not.toThrow(secret);
  });
});

describe('close', () => {
  test('is idempotent, and later calls fail at once with a client-kind UpstreamError', async () => {
    const db = client();
    await db.close();
    await db.close();
    const before = connections;
    const error: unknown = await db.query('SELECT 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({
      kind: 'client',
      attempts: 0,
      message: 'postgres.query failed after 0 attempts: the client is closed',
    });
    await expect(db.transaction(async () => 1)).rejects.toMatchObject({ kind: 'client' });
    expect(connections).toBe(before);
  });
});
