import { describe, expect, it } from 'vitest';
import { createSlidingWindow } from './create-sliding-window.ts';
import type { SlidingWindow } from './sliding-window.ts';

const counts = (window: SlidingWindow) => ({
  calls: window.calls,
  failures: window.failures,
  slowCalls: window.slowCalls,
});

describe('count window', () => {
  it('counts the last `size` calls, forgetting the oldest first', () => {
    const window = createSlidingWindow({ type: 'count', size: 3 });
    window.add(true, true, 0);
    window.add(true, false, 0);
    window.add(false, false, 0);
    expect(counts(window)).toEqual({ calls: 3, failures: 2, slowCalls: 1 });
    window.add(false, false, 0); // pushes out the slow failure
    expect(counts(window)).toEqual({ calls: 3, failures: 1, slowCalls: 0 });
    window.add(false, true, 0);
    window.add(false, false, 0);
    expect(counts(window)).toEqual({ calls: 3, failures: 0, slowCalls: 1 });
    expect(window.span()).toBe('last 3 calls');
  });

  it('keeps its counts however much time passes, and forgets everything on clear', () => {
    const window = createSlidingWindow({ type: 'count', size: 2 });
    window.add(true, false, 0);
    window.roll(1e9);
    expect(counts(window)).toEqual({ calls: 1, failures: 1, slowCalls: 0 });
    expect(window.span()).toBe('last 1 call');
    window.clear();
    expect(counts(window)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    window.add(false, false, 0);
    window.add(true, false, 0);
    window.add(true, false, 0);
    expect(counts(window)).toEqual({ calls: 2, failures: 2, slowCalls: 0 });
  });
});

describe('time window', () => {
  it('counts the calls of the last durationMs and forgets a slice at a time', () => {
    // 10 s in 10 slices of 1 s.
    const window = createSlidingWindow({ type: 'time', durationMs: 10_000 });
    window.add(true, true, 0);
    window.add(true, false, 500);
    window.add(false, false, 3_000);
    window.add(false, true, 9_999);
    expect(counts(window)).toEqual({ calls: 4, failures: 2, slowCalls: 2 });
    expect(window.span()).toBe('4 calls in the last 10000 ms');
    window.roll(10_000); // the first slice (0-999 ms) is now 10 s old
    expect(counts(window)).toEqual({ calls: 2, failures: 0, slowCalls: 1 });
    window.roll(13_000);
    expect(counts(window)).toEqual({ calls: 1, failures: 0, slowCalls: 1 });
    window.add(true, false, 13_500);
    expect(counts(window)).toEqual({ calls: 2, failures: 1, slowCalls: 1 });
  });

  it('forgets everything after a quiet spell longer than the window', () => {
    const window = createSlidingWindow({ type: 'time', durationMs: 1_000, buckets: 4 });
    for (let t = 0; t < 1_000; t += 100) window.add(true, false, t);
    expect(window.calls).toBe(10);
    window.add(false, false, 60_000);
    expect(counts(window)).toEqual({ calls: 1, failures: 0, slowCalls: 0 });
  });

  it('honours the number of slices', () => {
    const window = createSlidingWindow({ type: 'time', durationMs: 1_000, buckets: 2 });
    window.add(true, false, 0);
    window.add(true, false, 499);
    window.add(false, false, 500);
    window.roll(999);
    expect(window.failures).toBe(2);
    window.roll(1_000); // the slice 0-499 ms ages out whole
    expect(counts(window)).toEqual({ calls: 1, failures: 0, slowCalls: 0 });
  });

  it('starts empty again after clear', () => {
    const window = createSlidingWindow({ type: 'time', durationMs: 1_000 });
    window.add(true, true, 100);
    window.clear();
    expect(counts(window)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    window.add(true, false, 200);
    expect(counts(window)).toEqual({ calls: 1, failures: 1, slowCalls: 0 });
  });
});
