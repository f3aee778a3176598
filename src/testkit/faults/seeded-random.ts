import type { RandomSource } from '../../core/random.ts';

/**
 * A random source that repeats itself for the same seed (mulberry32): a fault that picks its
 * victims at random picks the same ones on every run, so a drill's figures can be reproduced
 * and both sides of a comparison meet the same fault.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
