import { describe, expect, it } from 'vitest';
import { redisSpans } from './redis-spans.ts';

describe('redisSpans', () => {
  it('names spans after the command, and never carries the key', () => {
    const spans = redisSpans('cache.internal', 6380, 2);
    const get = { operation: 'get', idempotent: true, context: { key: 'session:abc' } } as const;
    expect(spans.name(get)).toBe('GET');
    expect(spans.attributes(get)).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.namespace': '2',
      'server.address': 'cache.internal',
      'server.port': 6380,
    });
    const zadd = { operation: 'zadd', idempotent: false, context: { command: 'ZADD' } } as const;
    expect(spans.name(zadd)).toBe('ZADD');
  });
});
