import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { bandwidth, timeout } from '../../../../src/testkit/index.ts';
import { credentials, direct, patternBytes, setup, setupGated } from '../s3/s3-harness.ts';
import { drain } from './s3-suite.ts';

describe('10. observability', () => {
  function memoryLogger() {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    return { logger, lines, records };
  }

  it('errors are logged with service, operation, bucket, key, attempt and code', async () => {
    const { logger, records } = memoryLogger();
    const { client, bucket } = await setup({ logger });
    await client.getObject({ bucket, key: 'missing/key.txt' }).catch(() => undefined);
    const failed = records().find((r) => r['event'] === 'bulwark.call');
    expect(failed).toMatchObject({
      level: 50,
      service: 's3',
      operation: 'getObject',
      bucket,
      key: 'missing/key.txt',
      outcome: 'failure',
      attempts: 1,
      kind: 'not_found',
      code: 'NoSuchKey',
      giveUpReason: 'not_retriable',
    });
    expect(failed?.['msg']).toMatch(/s3\.getObject/);
    const attempt = records().find((r) => r['event'] === 'bulwark.attempt');
    expect(attempt).toMatchObject({ attempt: 1, outcome: 'failure', status: 404, bucket });
  });

  it('retries are logged, each with its attempt, delay and cause', async () => {
    const { logger, records } = memoryLogger();
    const { client, gate, bucket } = await setupGated({ logger });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    gate.fail({ status: 503, code: 'SlowDown', when: (method) => method === 'GET' });
    await client.getObject({ bucket, key: 'k' });
    expect(records().filter((r) => r['event'] === 'bulwark.retry')).toMatchObject([
      {
        level: 40,
        operation: 'getObject',
        bucket,
        key: 'k',
        attempt: 1,
        delayMs: 50,
        code: 'SlowDown',
      },
    ]);
  });

  it('a broken stream is logged with its context', async () => {
    const { logger, records } = memoryLogger();
    const { client, proxy, bucket } = await setup({ logger, streamIdleTimeoutMs: 300 });
    await direct.send(
      new PutObjectCommand({ Bucket: bucket, Key: 's', Body: patternBytes(500_000) }),
    );
    await proxy.inject(bandwidth({ kilobytesPerSecond: 100 }));
    const { body } = await client.getObjectStream({ bucket, key: 's' });
    await proxy.inject(timeout({ timeoutMs: 0 }));
    await drain(body).catch(() => undefined);
    expect(records().find((r) => r['event'] === 'bulwark.stream')).toMatchObject({
      level: 40,
      operation: 'getObjectStream',
      kind: 'timeout',
      bucket,
      key: 's',
    });
  });

  it('secrets never appear: not the secret key, not a signature, not a credential', async () => {
    const { logger, lines } = memoryLogger();
    const secret = `wrong-${credentials.secretAccessKey}`;
    const { client, bucket } = await setup({
      logger,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: secret },
    });
    const error = await client.getObject({ bucket, key: 'k' }).catch((e: unknown) => e);
    const { client: good, bucket: other } = await setup({ logger });
    await good.putObject({ bucket: other, key: 'k', body: 'x' });
    await good.getObject({ bucket: other, key: 'k' });
    expect(lines.length).toBeGreaterThan(4);
    const everything = [...lines, JSON.stringify(error), String(error)].join('\n');
    for (const needle of [credentials.secretAccessKey, 'Signature=', 'Credential=', 'AWS4-HMAC']) {
      expect(everything).not.toContain(needle);
    }
  });
});
