import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus.ts';
import type { PipelineEvent } from '../pipeline-events.ts';
import { attachLogger } from './attach-logger.ts';

const pinoLevel = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/** A real pino logger writing JSON lines to memory, and the lines it wrote so far. */
function memoryLogger(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  // pino writes to a plain Writable synchronously, so a record is there when emit returns.
  return { logger: pino({ level: 'debug', base: null, timestamp: false }, destination), lines };
}

const parse = (lines: string[]): Array<Record<string, unknown>> =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('attachLogger', () => {
  it('writes one structured record per event through a real pino logger', () => {
    const bus = new EventBus<PipelineEvent>();
    const { logger, lines } = memoryLogger();
    const subscription = attachLogger(bus, logger);
    bus.emit({
      type: 'retry',
      service: 's3',
      operation: 'getObject',
      attempt: 1,
      delayMs: 120,
      kind: 'connection',
      code: 'ECONNRESET',
      reason: 'connection reset',
    });
    bus.emit({
      type: 'attempt',
      service: 's3',
      operation: 'getObject',
      attempt: 2,
      durationMs: 12,
      outcome: 'success',
      kind: undefined,
    });
    bus.emit({
      type: 'call',
      service: 's3',
      operation: 'getObject',
      outcome: 'failure',
      attempts: 3,
      elapsedMs: 912,
      kind: 'connection',
      code: 'ECONNRESET',
    });
    bus.emit({
      type: 'breaker',
      service: 'payments',
      from: 'closed',
      to: 'open',
      reason: '5 consecutive failures',
    });
    subscription.dispose();

    const records = parse(lines);
    expect(records[0]).toStrictEqual({
      level: pinoLevel.warn,
      event: 'bulwark.retry',
      service: 's3',
      operation: 'getObject',
      attempt: 1,
      delayMs: 120,
      kind: 'connection',
      code: 'ECONNRESET',
      reason: 'connection reset',
      msg: 's3.getObject attempt 1 failed (connection reset, ECONNRESET); retrying in 120 ms',
    });
    expect(records[1]).toStrictEqual({
      level: pinoLevel.debug,
      event: 'bulwark.attempt',
      service: 's3',
      operation: 'getObject',
      outcome: 'success',
      attempt: 2,
      durationMs: 12,
      msg: 's3.getObject attempt 2 succeeded in 12 ms',
    });
    expect(records[2]).toMatchObject({
      level: pinoLevel.error,
      event: 'bulwark.call',
      attempts: 3,
      elapsedMs: 912,
    });
    expect(records[3]).toStrictEqual({
      level: pinoLevel.error,
      event: 'bulwark.breaker',
      service: 'payments',
      breaker: { from: 'closed', to: 'open' },
      reason: '5 consecutive failures',
      msg: 'payments circuit opened: 5 consecutive failures',
    });
  });

  it('never writes a secret that came in a reason, a code or a message', () => {
    const url = 'postgres://u:hunter2@h/db';
    const bus = new EventBus<PipelineEvent>();
    const { logger, lines } = memoryLogger();
    const subscription = attachLogger(bus, logger);
    bus.emit({
      type: 'retry',
      service: 'pg',
      operation: 'query',
      attempt: 1,
      delayMs: 50,
      kind: 'connection',
      reason: `cannot reach ${url}`,
    });
    bus.emit({
      type: 'attempt',
      service: 'pg',
      operation: 'query',
      attempt: 1,
      durationMs: 5,
      outcome: 'failure',
      code: 'password=hunter2',
    });
    bus.emit({
      type: 'call',
      service: 'pg',
      operation: 'query',
      outcome: 'failure',
      attempts: 1,
      elapsedMs: 5,
      message: `pg.query failed: ${url}`,
    });
    bus.emit({
      type: 'breaker',
      service: 'pg',
      from: 'closed',
      to: 'open',
      reason: `probe to ${url} failed`,
    });
    subscription.dispose();

    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain('hunter2');
    expect(parse(lines)[0]?.['reason']).toBe('cannot reach postgres://u:***@h/db');
  });

  it('accepts a child logger, respects its level, and stops once disposed', () => {
    const bus = new EventBus<PipelineEvent>();
    const { logger, lines } = memoryLogger();
    const child = logger.child({ component: 'bulwark' }, { level: 'info' });
    const subscription = attachLogger(bus, child);
    bus.emit({
      type: 'call',
      service: 'api',
      operation: 'GET /users',
      outcome: 'success',
      attempts: 1,
      elapsedMs: 3,
    });
    bus.emit({ type: 'rejection', service: 'api', operation: 'GET /users', kind: 'rate_limited' });
    subscription.dispose();
    bus.emit({ type: 'rejection', service: 'api', operation: 'GET /users', kind: 'bulkhead_full' });

    expect(parse(lines)).toEqual([
      expect.objectContaining({
        level: pinoLevel.warn,
        component: 'bulwark',
        kind: 'rate_limited',
      }),
    ]);
    expect(bus.observed).toBe(false);
  });
});
