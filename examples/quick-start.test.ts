import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { quickStart } from './quick-start.ts';

describe('the quick start example', () => {
  it('retries through 503s, then stops calling a dead upstream once the breaker opens', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().trim().split('\n'));
        done();
      },
    });
    const { results, requests } = await quickStart(pino({ level: 'info' }, sink));
    expect(results[0]).toBe('answer: {"hello":"world"}');
    expect(requests).toBe(3);
    expect(results[1]).toBe(
      'UpstreamError: greeting-api.getGreeting failed after 4 attempts: connection refused (ECONNREFUSED)',
    );
    expect(results[2]).toMatch(
      /^CircuitOpenError: greeting-api\.getGreeting rejected after 1 attempt: circuit open \(next probe in \d+ ms\); last failure: connection refused \(ECONNREFUSED\)$/,
    );
    expect(results[3]).toMatch(
      /^CircuitOpenError: greeting-api\.getGreeting rejected: circuit open \(next probe in \d+ ms\)$/,
    );
    const records = lines.map((line) => JSON.parse(line) as { event?: string; msg?: string });
    expect(records.some((r) => r.event === 'bulwark.retry')).toBe(true);
    expect(records.some((r) => r.event === 'bulwark.breaker' && /open/.test(r.msg ?? ''))).toBe(
      true,
    );
  });
});
