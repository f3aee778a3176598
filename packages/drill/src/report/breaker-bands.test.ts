import { describe, expect, it } from 'vitest';
import { breakerBands } from './breaker-bands.ts';

describe('breakerBands', () => {
  it('is one closed band when the breaker never moved', () => {
    expect(breakerBands([], 60_000)).toEqual([
      { state: 'closed', fromMs: 0, toMs: 60_000, reason: '' },
    ]);
  });

  it('starts closed and follows each transition to the end', () => {
    const bands = breakerBands(
      [
        { atMs: 10_000, from: 'closed', to: 'open', reason: '5 consecutive failures' },
        { atMs: 15_000, from: 'open', to: 'half_open', reason: 'open for 5000 ms' },
        { atMs: 15_200, from: 'half_open', to: 'closed', reason: 'probe succeeded' },
      ],
      30_000,
    );
    expect(bands).toEqual([
      { state: 'closed', fromMs: 0, toMs: 10_000, reason: '' },
      { state: 'open', fromMs: 10_000, toMs: 15_000, reason: '5 consecutive failures' },
      { state: 'half_open', fromMs: 15_000, toMs: 15_200, reason: 'open for 5000 ms' },
      { state: 'closed', fromMs: 15_200, toMs: 30_000, reason: 'probe succeeded' },
    ]);
  });

  it('sorts transitions by time and drops bands that last no time', () => {
    const bands = breakerBands(
      [
        { atMs: 20_000, from: 'open', to: 'half_open', reason: 'b' },
        { atMs: 0, from: 'closed', to: 'open', reason: 'a' },
      ],
      20_000,
    );
    expect(bands).toEqual([{ state: 'open', fromMs: 0, toMs: 20_000, reason: 'a' }]);
  });
});
