import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../../../src/testkit/isolation.ts';
import type { RedisTlsEndpoint } from '../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../src/testkit/services/require-service.ts';
import { sendRedisCommands } from '../../../src/testkit/services/resp-probe.ts';
import { makeTestCertificates } from '../../../src/testkit/services/test-certificates.ts';

const services = inject('bulwarkServices');
let server: RedisTlsEndpoint;
const clients: Redis[] = [];
/** What the clients reported on `error`: ioredis rejects `connect()` with a bare "closed". */
const errors: Error[] = [];

beforeAll(() => {
  server = requireService(services, 'redisTls');
});

afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
  errors.length = 0;
});

/** An ioredis client of the TLS Redis that tries once: a refusal is the test's answer. */
function client(tls: RedisOptions['tls']): Redis {
  const redis = new Redis({
    host: server.host,
    port: server.port,
    password: server.password,
    tls,
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', (error: Error) => errors.push(error));
  clients.push(redis);
  return redis;
}

async function roundTrip(redis: Redis): Promise<void> {
  const key = uniqueName('tls');
  expect(await redis.ping()).toBe('PONG');
  expect(await redis.set(key, 'over tls', 'EX', 60)).toBe('OK');
  expect(await redis.get(key)).toBe('over tls');
}

describe('the TLS Redis', () => {
  it('serves PING, SET and GET to a client that trusts the run’s CA', async () => {
    const redis = client({ ca: server.ca });
    await redis.connect();
    await roundTrip(redis);
  });

  it('serves a client that presents the client certificate the CA signed', async () => {
    const redis = client({ ca: server.ca, cert: server.cert, key: server.key });
    await redis.connect();
    await roundTrip(redis);
  });

  it('refuses a client certificate another CA signed (client certificates are optional, not unchecked)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-other-ca-'));
    try {
      const other = await makeTestCertificates(dir, ['127.0.0.1']);
      const redis = client({ ca: server.ca, cert: other.clientCert, key: other.clientKey });
      // Under TLS 1.3 the client finishes its handshake before the server checks the
      // certificate, so the refusal arrives as an alert or a reset on the first command.
      await expect(redis.connect().then(() => redis.ping())).rejects.toThrow();
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wants the password', async () => {
    const tls = { host: server.host, port: server.port, ca: server.ca };
    expect(await sendRedisCommands({ tls }, [['PING']])).toMatch(/^-NOAUTH/);
    expect(await sendRedisCommands({ tls }, [['AUTH', 'wrong']])).toMatch(/^-WRONGPASS/);
  });

  it('does not speak plain RESP on its port: the server closes the connection unanswered', async () => {
    const socket = connect({ host: server.host, port: server.port });
    socket.on('error', () => undefined); // ECONNRESET, most often
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    // Not events.once, which rejects on the socket's error.
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await once(socket, 'connect');
    socket.write(`AUTH ${server.password}\r\nPING\r\n`);
    // Reset or closed, as the TLS library sees fit: what matters is that nothing answered.
    await closed;
    expect(received).not.toContain('PONG');
    expect(received).not.toContain('+OK');
  });

  it('is refused by a client that trusts only the default CAs (certificate verify error)', async () => {
    const redis = client({});
    await expect(redis.connect()).rejects.toThrow();
    // OpenSSL sends the run's CA with the server's certificate (it builds the chain from
    // tls-ca-cert-file), so Node finds a self-signed root it does not trust; a server that sent
    // its certificate alone would fail on the unknown issuer instead.
    expect(errors).toContainEqual(
      expect.objectContaining({
        code: expect.stringMatching(
          /^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/,
        ),
      }),
    );
  });
});
