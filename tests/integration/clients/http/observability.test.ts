import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { attachLogger } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

describe('10. observability', () => {
  it('logs attempts, retries and the failure with context, and never a secret', async () => {
    const { upstream, client } = await setup();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().trim().split('\n'));
        done();
      },
    });
    attachLogger(client.pipeline.events, pino({ level: 'debug' }, sink));
    upstream.script('GET /flaky', { status: 503 }, { status: 500 });
    await client.get('/flaky?api_key=s3cr3t').catch(() => undefined);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((r) => r['event'] === 'bulwark.retry')).toMatchObject({
      service: 'api',
      operation: 'GET /flaky',
      attempt: 1,
      kind: 'throttled',
      code: '503',
      method: 'GET',
      url: expect.stringMatching(/\/flaky\?api_key=\*\*\*$/),
    });
    expect(records.find((r) => r['event'] === 'bulwark.call')).toMatchObject({
      outcome: 'failure',
      attempts: 3,
      level: 50,
    });
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });
});
