import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { pino } from 'pino';
import { attachLogger } from '../../../../src/core/telemetry/attach-logger.ts';
import { eventually, key, proxiedRedis, redisService } from '../redis/redis-harness.ts';
import { steadyBackoff } from './redis-suite.ts';

describe('10. observability', () => {
  test('structured logs carry service, operation, attempt, kind, code and key; never a secret', async () => {
    const records: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => records.push(JSON.parse(line)) },
    );
    const { client, proxy } = await proxiedRedis({ retry: { backoff: steadyBackoff } });
    using _logs = attachLogger(client.events, logger);
    const k = key('session');
    const secretValue = `value-${randomBytes(8).toString('hex')}`;
    await client.set(k, secretValue);
    await proxy.down();
    await eventually(
      () => client.status,
      (status) => status === 'end',
    );
    client.events.on((event) => {
      if (event.type === 'retry') void proxy.up();
    });
    expect(await client.get(k)).toBe(secretValue);

    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    const impostor = await proxiedRedis({ password: wrong });
    using _impostorLogs = attachLogger(impostor.client.events, logger);
    await expect(impostor.client.get(k)).rejects.toMatchObject({ kind: 'auth' });

    const common = { service: 'redis', command: 'GET', key: k };
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 30,
        event: 'bulwark.attempt',
        operation: 'get',
        attempt: 1,
        outcome: 'failure',
        kind: 'connection',
        code: 'ECONNREFUSED',
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 40,
        event: 'bulwark.retry',
        attempt: 1,
        delayMs: 300,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        event: 'bulwark.call',
        outcome: 'success',
        attempts: 2,
      }),
    );
    expect(records).toContainEqual(
      expect.objectContaining({
        ...common,
        level: 50,
        event: 'bulwark.call',
        outcome: 'failure',
        kind: 'auth',
        code: 'WRONGPASS',
        msg: expect.stringContaining('redis.get'),
      }),
    );
    const text = JSON.stringify(records);
    expect(text).not.toContain(redisService.password);
    expect(text).not.toContain(wrong);
    expect(text).not.toContain(secretValue);
  });
});
