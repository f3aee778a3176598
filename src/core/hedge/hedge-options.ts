import { InvalidOptionError } from '../error-catalogue.ts';
import { checkInteger, checkKeys, checkNumber, checkRange } from '../validate.ts';

/**
 * Hedging of idempotent calls: when an attempt has not answered after the usual answer time
 * of its operation, a second one is sent, and the first answer wins.
 */
export interface HedgeOptions {
  /**
   * Which quantile of the operation's recent answer times a hedge waits for (0.9: an attempt
   * slower than 90 in 100 answers gets a hedge).
   */
  readonly percentile: number;
  /** The shortest wait before a hedge, in ms: below it a second request only adds load. */
  readonly floorMs: number;
  /**
   * The most hedges, as a share of calls (0.1: one hedge per ten calls, averaged; a quiet
   * upstream may save up `maxTokens`). Hedges also draw from the retry budget.
   */
  readonly ratio: number;
  /** Hedges the budget can save up for a burst of slow answers. */
  readonly maxTokens: number;
  /** How many answers of an operation are timed before its calls are hedged at all. */
  readonly minSamples: number;
  /**
   * How many hedges one attempt may have, each sent when none of the attempts before it has
   * answered after the hedge delay. More than 1 gets past a hedge that is slow itself (one
   * whose connection had to be made, or whose reply was held up too); each comes out of the
   * same budget. An integer from 1 to 3.
   */
  readonly maxHedges: number;
}

export const defaultHedge: HedgeOptions = {
  // Not the p95: with one reply in twenty slow, the p95 is a slow reply, and a hedge would
  // wait for as long as the tail it is meant to cut.
  percentile: 0.9,
  // A healthy local answer takes a few ms; hedging below that doubles load for nothing.
  floorMs: 10,
  ratio: 0.1,
  maxTokens: 10,
  minSamples: 20,
  // As Polly's MaxHedgedAttempts: one unless asked; a hedge is rarely slow itself.
  maxHedges: 1,
};

/** Hedge options merged over the defaults; a bad value throws a TypeError naming it. */
export function resolveHedgeOptions(options: Partial<HedgeOptions> | true): HedgeOptions {
  const given = options === true ? {} : options;
  if (typeof given !== 'object' || given === null) {
    throw new InvalidOptionError('bulwark: option hedge must be an object, true or false');
  }
  checkKeys('hedge', given, Object.keys(defaultHedge));
  const resolved = { ...defaultHedge, ...given };
  checkRange('hedge.percentile', resolved.percentile, 0.5, 0.999);
  checkNumber('hedge.floorMs', resolved.floorMs, 0);
  checkRange('hedge.ratio', resolved.ratio, 0, 1);
  checkNumber('hedge.maxTokens', resolved.maxTokens, 1);
  checkInteger('hedge.minSamples', resolved.minSamples, 1);
  checkInteger('hedge.maxHedges', resolved.maxHedges, 1, 3);
  return Object.freeze(resolved);
}
