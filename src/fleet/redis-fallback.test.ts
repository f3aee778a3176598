import { describe, expect, test } from 'vitest';
import { FakeClock } from '../core/fake-clock.ts';
import type { FleetEvent } from './fleet-events.ts';
import { RedisFallback } from './redis-fallback.ts';

function setup() {
  const clock = new FakeClock();
  const fallback = new RedisFallback('limit', clock, 100);
  const events: FleetEvent[] = [];
  fallback.events.on((event) => events.push(event));
  return { clock, fallback, events };
}

describe('RedisFallback', () => {
  test('asks Redis while on it, and leaves it on the first failure, once', () => {
    const { fallback, events } = setup();
    expect(fallback.tryRedis()).toBe(true);
    fallback.failed('connection refused');
    fallback.failed('connection refused');
    expect(fallback.state).toMatchObject({ on: 'local', reason: 'connection refused' });
    expect(events).toEqual([
      { type: 'fleet_fallback', name: 'limit', to: 'local', reason: 'connection refused' },
    ]);
  });

  test('on the stand-in, lets one call at a time try Redis, once per recheck interval', async () => {
    const { clock, fallback, events } = setup();
    fallback.failed('timeout');
    expect(fallback.tryRedis()).toBe(false);
    await clock.advance(100);
    expect(fallback.tryRedis()).toBe(true);
    expect(fallback.tryRedis()).toBe(false); // one in flight
    fallback.failed('timeout');
    expect(fallback.tryRedis()).toBe(false);
    await clock.advance(100);
    expect(fallback.tryRedis()).toBe(true);
    fallback.answered();
    expect(fallback.state).toEqual({ on: 'redis' });
    expect(fallback.tryRedis()).toBe(true);
    expect(events.map((e) => e.to)).toEqual(['local', 'redis']);
  });

  test('a try the caller aborted lets the next call try', async () => {
    const { clock, fallback } = setup();
    fallback.failed('timeout');
    await clock.advance(100);
    expect(fallback.tryRedis()).toBe(true);
    fallback.released();
    await clock.advance(100);
    expect(fallback.tryRedis()).toBe(true);
  });
});
