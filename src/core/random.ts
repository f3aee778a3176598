/** A source of uniform random numbers in [0, 1). Injected so tests can pin jitter. */
export type RandomSource = () => number;

export const mathRandom: RandomSource = Math.random;
