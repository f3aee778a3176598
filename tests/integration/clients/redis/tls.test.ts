import { beforeAll, describe, expect, inject, test } from 'vitest';
import { isUpstreamError } from '../../../../src/core/errors.ts';
import { createRedisClient, type RedisClientOptions } from '../../../../src/redis/index.ts';
import { uniqueName } from '../../../../src/testkit/isolation.ts';
import type { RedisTlsEndpoint } from '../../../../src/testkit/services/endpoints.ts';
import { requireService } from '../../../../src/testkit/services/require-service.ts';

const services = inject('bulwarkServices');
let server: RedisTlsEndpoint;
beforeAll(() => {
  server = requireService(services, 'redisTls');
});

/** A bulwark client of the TLS Redis, closed when done. */
async function withClient<T>(
  options: RedisClientOptions,
  use: (client: ReturnType<typeof createRedisClient>) => Promise<T>,
): Promise<T> {
  const client = createRedisClient(options);
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

describe('bulwark/redis over TLS', () => {
  test('rediss:// with the CA: commands go through the encrypted connection', async () => {
    const url = `rediss://:${encodeURIComponent(server.password)}@${server.host}:${server.port}`;
    const key = uniqueName('tls');
    const value = await withClient({ url, tls: { ca: server.ca } }, async (client) => {
      await client.set(key, 'over tls');
      const read = await client.get(key);
      await client.del(key);
      return read;
    });
    expect(value).toBe('over tls');
  });

  test('with a client certificate as well', async () => {
    const { host, port, password, ca, cert, key } = server;
    const pong = await withClient({ host, port, password, tls: { ca, cert, key } }, (client) =>
      client.command('PING'),
    );
    expect(pong).toBe('PONG');
  });

  test('a certificate no trusted CA signed fails at once as auth, not retried, no secret shown', async () => {
    const { host, port, password } = server;
    const error = await withClient(
      { host, port, password, tls: true, breaker: { consecutiveFailures: 1 } },
      async (client) => {
        const failed = await client.get('k').then(
          () => undefined,
          (e: unknown) => e,
        );
        // The breaker did not open: a refused certificate is no outage.
        expect(client.breaker?.state.state).toBe('closed');
        return failed;
      },
    );
    expect(isUpstreamError(error)).toBe(true);
    if (!isUpstreamError(error)) return;
    expect(error).toMatchObject({ kind: 'auth', retriable: false, attempts: 1, applied: 'no' });
    expect(error.message).toMatch(
      /TLS certificate was refused \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
    );
    expect(error.message).not.toContain(password);
  });
});
