import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.ts';

describe('LatencyWindow', () => {
  it('gives the nearest-rank quantile of the samples it holds', () => {
    const window = new LatencyWindow(100, 0.95);
    expect(window.value).toBeNaN();
    for (let ms = 1; ms <= 100; ms++) window.record(ms);
    expect(window.value).toBe(95);
    expect(window.count).toBe(100);
  });

  it('forgets the oldest samples, and works the quantile out afresh as new ones come', () => {
    const window = new LatencyWindow(16, 0.5);
    for (let i = 0; i < 16; i++) window.record(100);
    expect(window.value).toBe(100);
    // 16 quick answers replace the slow ones; the quantile follows within size / 8 samples.
    for (let i = 0; i < 16; i++) window.record(2);
    expect(window.value).toBe(2);
  });
});
