import { describe, expect, it } from 'vitest';
import type { OverloadScore, PhaseScore, TailScore } from './drill-results.ts';
import { loadBreaches } from './load-goals.ts';
import { healthyPhase } from './phase-score.test-helpers.ts';

const base = healthyPhase({ phase: 'tail', p50Ms: 2, p99Ms: 10 });
const tail = (t: Partial<TailScore>): PhaseScore => ({
  ...base,
  tail: {
    reads: 50,
    readP99Ms: 20,
    calls: 100,
    extraAttempts: 0.05,
    hedges: 5,
    hedgesWon: 4,
    ...t,
  },
});
const overload = (o: Partial<OverloadScore>): PhaseScore => ({
  ...base,
  phase: 'overload',
  overload: {
    capacityPerS: 25,
    unloadedP99Ms: 160,
    calls: 100,
    goodputPerS: 24,
    servedP99Ms: 300,
    refused: 40,
    refusalP99Ms: 0.1,
    limitMin: 4,
    limitMax: 8,
    ...o,
  },
});
const promises = (bulwark: PhaseScore, raw?: PhaseScore) =>
  loadBreaches(bulwark, raw).map((b) => b.promise);

describe('loadBreaches', () => {
  it("holds bulwark's reads' p99 under a slow tail to half the raw driver's", () => {
    const raw = tail({ readP99Ms: 510, extraAttempts: 0 });
    expect(promises(tail({ readP99Ms: 255 }), raw)).toEqual([]);
    expect(promises(tail({ readP99Ms: 256 }), raw)).toEqual(['cuts_the_tail']);
    expect(loadBreaches(tail({ readP99Ms: 400 }), raw)[0]?.detail).toBe(
      "reads' p99 400 ms while replies came late, raw 510 ms: at most 255 ms (50.0% of raw's)",
    );
    expect(promises(tail({ readP99Ms: 400 }), tail({ readP99Ms: null }))).toEqual([]);
  });

  it('allows at most 10% extra attempts for the hedges', () => {
    expect(promises(tail({ extraAttempts: 0.1 }))).toEqual([]);
    expect(promises(tail({ extraAttempts: 0.11 }))).toEqual(['hedges_sparingly']);
    expect(promises(tail({ extraAttempts: null }))).toEqual([]);
  });

  it("overloaded, wants 90% of the server's capacity served in time, and at least raw's", () => {
    expect(promises(overload({ goodputPerS: 22.5 }), overload({ goodputPerS: 6 }))).toEqual([]);
    expect(promises(overload({ goodputPerS: 22.4 }))).toEqual(['keeps_goodput']);
    expect(promises(overload({ goodputPerS: 23 }), overload({ goodputPerS: 23.5 }))).toEqual([
      'keeps_goodput',
    ]);
  });

  it("wants the served calls' p99 within twice the unloaded p99, and refusals under 1 ms", () => {
    expect(promises(overload({ servedP99Ms: 320 }))).toEqual([]);
    expect(promises(overload({ servedP99Ms: 321 }))).toEqual(['bounds_latency']);
    expect(promises(overload({ refusalP99Ms: 1 }))).toEqual(['refuses_fast']);
    expect(promises(overload({ refusalP99Ms: null, refused: 0 }))).toEqual([]);
  });

  it('judges nothing in the other phases', () => {
    expect(promises(base, base)).toEqual([]);
  });
});
