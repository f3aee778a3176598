import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats its numbers for the same seed, and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('draws in [0, 1), spread evenly enough to pick one in twenty', () => {
    const random = seededRandom(1);
    const draws = Array.from({ length: 20_000 }, random);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const picked = draws.filter((x) => x < 0.05).length;
    expect(picked).toBeGreaterThan(900);
    expect(picked).toBeLessThan(1_100);
  });
});
