import { describe, expect, it } from 'vitest';
import { SideLog } from './call-log.ts';
import type { PhaseSpan } from './drill-results.ts';
import { overloadScore, tailScore } from './load-scores.ts';

const span = (name: 'tail' | 'overload'): PhaseSpan => ({
  name,
  description: 'test',
  startMs: 0,
  faultEndMs: 2_000,
  endMs: 3_000,
  clients: ['http'],
  faultWindows: [{ startMs: 0, endMs: 2_000 }],
  outage: false,
});
const limits = { deadlineMs: 500, limitMs: 1_000, doubled: new Set<string>() };

/** Calls as [startMs, ms taken, error kind or undefined, key written or undefined]. */
function logOf(
  side: 'bulwark' | 'raw',
  calls: ReadonlyArray<readonly [number, number, (string | undefined)?, (string | undefined)?]>,
): SideLog {
  const log = new SideLog('http', side);
  log.attemptsCounted = true;
  for (const [start, ms, kind, write] of calls) {
    log.settle(log.begin(start, write), start + ms, kind);
  }
  return log;
}

describe('tailScore', () => {
  it("takes the reads' p99 while the fault was on, leaving writes and later calls out", () => {
    const reads = Array.from({ length: 99 }, (_, i) => [i * 10, 5] as const);
    const log = logOf('raw', [...reads, [995, 505], [1_000, 900, undefined, 'w1'], [2_500, 800]]);
    log.attemptTimes.push(...log.calls.map((call) => call.startMs));
    const score = tailScore(log, span('tail'), log.calls);
    expect(score).toEqual({
      reads: 100,
      readP99Ms: 5,
      calls: 101,
      extraAttempts: 0,
      hedges: null,
      hedgesWon: null,
    });
  });

  it("counts attempts past one per call, or bulwark's hedges where it reported more", () => {
    const log = logOf(
      'bulwark',
      Array.from({ length: 20 }, (_, i) => [i * 50, 5] as const),
    );
    log.attemptTimes.push(...log.calls.map((call) => call.startMs), 10, 20);
    expect(tailScore(log, span('tail'), log.calls).extraAttempts).toBe(0.1);
    log.hedges.push(
      ...[1, 2, 3].map((atMs) => ({ atMs, outcome: 'sent' })),
      { atMs: 4, outcome: 'won' },
      { atMs: 2_500, outcome: 'sent' },
    );
    const score = tailScore(log, span('tail'), log.calls);
    expect(score).toMatchObject({ extraAttempts: 0.15, hedges: 3, hedgesWon: 1 });
  });

  it('has no extra attempts where attempts cannot be counted', () => {
    const log = logOf('raw', [[0, 5]]);
    log.attemptsCounted = false;
    expect(tailScore(log, span('tail'), log.calls).extraAttempts).toBeNull();
  });
});

describe('overloadScore', () => {
  const server = { capacityPerS: 25, unloadedP99Ms: 160 };

  it('gives goodput per second of fault, the served p99, refusals and the limit seen', () => {
    const served = Array.from({ length: 40 }, (_, i) => [i * 45, 170] as const);
    const late = [[100, 600]] as const;
    const refused = Array.from({ length: 10 }, (_, i) => [i * 7, 0.2, 'bulkhead_full'] as const);
    const log = logOf('bulwark', [...served, ...late, ...refused, [2_200, 10]]);
    log.limits.push({ atMs: -500, limit: 10 }, { atMs: 500, limit: 4 }, { atMs: 900, limit: 6 });
    expect(overloadScore(log, span('overload'), log.calls, limits, server)).toEqual({
      capacityPerS: 25,
      unloadedP99Ms: 160,
      calls: 51,
      goodputPerS: 20,
      servedP99Ms: 170,
      refused: 10,
      refusalP99Ms: 0.2,
      limitMin: 4,
      limitMax: 10,
    });
  });

  it('has no refusal time and no limit where there were none', () => {
    const log = logOf('raw', [[0, 2_000]]);
    const score = overloadScore(log, span('overload'), log.calls, limits, server);
    expect(score).toMatchObject({
      goodputPerS: 0,
      servedP99Ms: null,
      refusalP99Ms: null,
      limitMin: null,
    });
  });
});
