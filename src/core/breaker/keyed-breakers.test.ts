import { describe, expect, it } from 'vitest';
import { FakeClock } from '../fake-clock.ts';
import { resolveKeyedBreakers, type KeyedBreakerOptions } from './keyed-breaker-options.ts';
import { KeyedBreakers, type DroppedKey, type KeyedTransition } from './keyed-breakers.ts';

/** Circuits that open after two failures, keyed as asked, on a fake clock. */
function keyed(keying: KeyedBreakerOptions = { by: 'operation' }) {
  const clock = new FakeClock();
  const breakers = new KeyedBreakers(
    { consecutiveFailures: 2, openDurationMs: 1_000, openJitter: 0 },
    resolveKeyedBreakers(keying),
    { clock, random: () => 0.5 },
  );
  const transitions: KeyedTransition[] = [];
  const dropped: DroppedKey[] = [];
  breakers.transitions.on((t) => transitions.push(t));
  breakers.dropped.on((d) => dropped.push(d));
  /** One call of `operation` that ends as `outcome`. */
  const run = (operation: string, outcome: 'success' | 'failure'): number => {
    const breaker = breakers.for({ operation }, clock.now());
    const ticket = breaker.tryEnter();
    if (ticket >= 0) breaker.record(ticket, outcome, 0);
    return ticket;
  };
  return { clock, breakers, transitions, dropped, run };
}

describe('KeyedBreakers', () => {
  it('gives each key its own circuit: one that fails opens alone', () => {
    const { breakers, transitions, run } = keyed();
    run('largeRead', 'failure');
    run('largeRead', 'failure');
    expect(run('largeRead', 'success')).toBe(-1);
    expect(run('smallWrite', 'success')).toBeGreaterThanOrEqual(0);
    expect(breakers.get('largeRead')?.state.state).toBe('open');
    expect(breakers.get('smallWrite')?.state.state).toBe('closed');
    expect(breakers.keys()).toEqual(['largeRead', 'smallWrite']);
    expect(transitions).toEqual([
      { key: 'largeRead', from: 'closed', to: 'open', reason: '2 consecutive failures' },
    ]);
  });

  it('keys by any function of the call, such as a fact its client gave', () => {
    const { breakers, clock } = keyed({ by: (call) => String(call.context?.['bucket']) });
    const a = breakers.for({ operation: 'getObject', context: { bucket: 'a' } }, clock.now());
    const b = breakers.for({ operation: 'putObject', context: { bucket: 'a' } }, clock.now());
    expect(a).toBe(b);
    expect(breakers.keys()).toEqual(['a']);
  });

  it('is open while any key is open; a recovery check lets every open key probe', async () => {
    const { breakers, transitions, run } = keyed();
    expect(breakers.isOpen).toBe(false);
    run('a', 'failure');
    run('a', 'failure');
    run('b', 'success');
    expect(breakers.isOpen).toBe(true);
    breakers.admitProbes('a recovery check reached the service');
    expect(breakers.isOpen).toBe(false);
    expect(transitions.at(-1)).toMatchObject({ key: 'a', to: 'half_open' });
    expect(breakers.get('b')?.state.state).toBe('closed');
  });

  it("lets each open key probe on the fleet's news, rather than closing them all", () => {
    const { breakers, run } = keyed();
    for (const key of ['a', 'b']) for (let i = 0; i < 2; i++) run(key, 'failure');
    breakers.closeOnNews('another instance of the fleet closed its circuit');
    expect(breakers.get('a')?.state.state).toBe('half_open');
    // The key that still fails opens again at its first call, not after two more.
    run('b', 'failure');
    expect(breakers.get('b')?.state.state).toBe('open');
    run('a', 'success');
    expect(breakers.get('a')?.state.state).toBe('closed');
  });

  it('drops a key unused for idleMs, with its counts, but not one isolated by hand', async () => {
    const { breakers, dropped, clock, run } = keyed({ by: 'operation', idleMs: 60_000 });
    run('a', 'failure');
    run('kept', 'success');
    breakers.get('kept')?.isolate();
    await clock.advance(30_000);
    run('b', 'success');
    await clock.advance(30_000);
    run('b', 'success');
    expect(dropped).toEqual([{ key: 'a', reason: 'idle' }]);
    expect(breakers.keys()).toEqual(['kept', 'b']);
    // The key starts afresh: its earlier failure is forgotten, so one more does not open it.
    run('a', 'failure');
    expect(breakers.get('a')?.state.state).toBe('closed');
  });

  it('past maxKeys, drops the key used least lately', async () => {
    const { breakers, dropped, clock, run } = keyed({ by: 'operation', maxKeys: 2 });
    run('a', 'success');
    await clock.advance(1);
    run('b', 'success');
    await clock.advance(1);
    run('a', 'success');
    run('c', 'success');
    expect(dropped).toEqual([{ key: 'b', reason: 'max_keys' }]);
    expect(breakers.keys().sort()).toEqual(['a', 'c']);
  });

  it('refuses a call whose key is no non-empty string, naming the option', () => {
    const { breakers, clock } = keyed({ by: (call) => call.context?.['host'] as string });
    expect(() => breakers.for({ operation: 'get' }, clock.now())).toThrow(
      /breaker\.keyed\.by must give a non-empty string for a call \(got undefined for get\)/,
    );
  });

  it('refuses a call whose key function throws, naming the option and keeping the cause', () => {
    const { breakers, clock } = keyed({
      by: (call) => new URL(String(call.context?.['url'])).host,
    });
    const call = { operation: 'GET /', context: { url: 'not a url' } };
    let thrown: unknown;
    try {
      breakers.for(call, clock.now());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(String(thrown)).toContain('breaker.keyed.by threw for a call of GET /: Invalid URL');
    expect((thrown as Error).cause).toBeInstanceOf(TypeError);
  });
});

describe('resolveKeyedBreakers', () => {
  it('fills in the defaults', () => {
    const resolved = resolveKeyedBreakers({ by: 'operation' });
    expect(resolved).toMatchObject({ maxKeys: 1_000, idleMs: 300_000 });
    expect(resolved.keyOf({ operation: 'getObject' })).toBe('getObject');
  });

  it.each([
    [{ by: 'host' }, "breaker.keyed.by must be 'operation' or a function of the call"],
    [{}, 'breaker.keyed.by'],
    [{ by: 'operation', maxKeys: 0 }, 'breaker.keyed.maxKeys'],
    [{ by: 'operation', idleMs: -1 }, 'breaker.keyed.idleMs'],
    [{ by: 'operation', ttl: 5 }, 'breaker.keyed.ttl'],
    ['operation', 'breaker.keyed'],
  ])('refuses %j, naming the option', (options, named) => {
    expect(() => resolveKeyedBreakers(options as never)).toThrow(named);
  });

  it("checks each key's breaker options before any key has one", () => {
    const keying = resolveKeyedBreakers({ by: 'operation' });
    const clock = new FakeClock();
    expect(
      () => new KeyedBreakers({ consecutiveFailures: 0 }, keying, { clock, random: Math.random }),
    ).toThrow('breaker.consecutiveFailures');
  });
});
