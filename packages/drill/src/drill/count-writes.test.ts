import { describe, expect, it } from 'vitest';
import { countWrites } from './count-writes.ts';

describe('countWrites', () => {
  const applied = new Map([
    ['k0', 1],
    ['k2', 2], // acknowledged, applied twice
    ['k4', 3], // failed for the caller, applied three times
    ['k6', 0],
  ]);

  it('counts acknowledged writes the service lacks, and writes it applied more than once', () => {
    const count = countWrites({
      applied,
      acknowledged: ['k0', 'k2', 'k6', 'k8'],
      written: ['k0', 'k2', 'k4', 'k6', 'k8'],
      countsRepeats: true,
    });
    expect(count).toEqual({ lost: 2, doubled: ['k2', 'k4'] });
  });

  it('cannot see doubled writes where repeats leave no trace', () => {
    const count = countWrites({
      applied,
      acknowledged: ['k0'],
      written: ['k0', 'k2'],
      countsRepeats: false,
    });
    expect(count).toEqual({ lost: 0, doubled: null });
  });
});
