import { describe, expect, it } from 'vitest';
import { SideLog, type CallRecord } from './call-log.ts';
import type { PhaseSpan } from './drill-results.ts';
import { hung, quantile, recoveryMs, scorePhase, seriesOf } from './score-phases.ts';

const span: PhaseSpan = {
  name: 'blackhole',
  description: 'test',
  startMs: 1_000,
  faultEndMs: 2_000,
  endMs: 3_000,
  clients: ['redis'],
  faultWindows: [{ startMs: 1_000, endMs: 2_000 }],
  outage: true,
};
const limitMs = 500;
const limits = { deadlineMs: 400, limitMs, doubled: new Set<string>() };

/**
 * A log with calls given as [startMs, endMs or undefined, error kind or undefined, and for a
 * write the key it wrote].
 */
function logOf(
  side: 'bulwark' | 'raw',
  calls: ReadonlyArray<
    readonly [number, number | undefined, string | undefined, (string | undefined)?]
  >,
): SideLog {
  const log = new SideLog('redis', side);
  for (const [start, end, kind, write] of calls) {
    const record = log.begin(start, write);
    if (end !== undefined) log.settle(record, end, kind);
  }
  return log;
}

describe('quantile', () => {
  it('takes the nearest rank, and null for no values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(quantile([7], 0.99)).toBe(7);
  });
});

describe('hung', () => {
  it('is a call unsettled past the limit, or never settled', () => {
    const call = (endMs: number | undefined): CallRecord => ({
      startMs: 100,
      endMs,
      ok: true,
      kind: undefined,
    });
    expect(hung(call(600), limitMs)).toBe(false);
    expect(hung(call(601), limitMs)).toBe(true);
    expect(hung(call(undefined), limitMs)).toBe(true);
  });
});

describe('recoveryMs', () => {
  it('is 0 when every call of the phase succeeded in time', () => {
    const log = logOf('bulwark', [
      [1_100, 1_110, undefined],
      [2_100, 2_120, undefined],
    ]);
    expect(recoveryMs(log.calls, span, limitMs)).toBe(0);
  });

  it('runs from the fault end to the first success of a call started after it', () => {
    const log = logOf('bulwark', [
      [1_100, 1_400, 'timeout'],
      [1_900, 2_050, undefined], // started during the fault: does not count
      [2_010, 2_300, 'circuit_open'],
      [2_200, 2_250, undefined],
      [2_100, 2_400, undefined],
    ]);
    expect(recoveryMs(log.calls, span, limitMs)).toBe(250);
  });

  it('is null when nothing succeeded after the fault', () => {
    const log = logOf('raw', [
      [1_100, undefined, undefined],
      [2_100, 2_900, 'timeout'],
    ]);
    expect(recoveryMs(log.calls, span, limitMs)).toBeNull();
  });
});

describe('scorePhase', () => {
  it('scores the calls that started within the phase', () => {
    const log = logOf('bulwark', [
      [900, 950, undefined], // before the phase
      [1_000, 1_010, undefined],
      [1_100, 1_700, undefined], // succeeded, but too late: hung
      [1_200, 1_300, 'timeout'],
      [2_100, 2_130, undefined],
      [3_000, 3_010, undefined], // after the phase
    ]);
    log.attemptTimes.push(1_000, 1_100, 1_200, 1_250, 2_100, 3_000);
    log.attemptsCounted = true;
    log.breaker.push({ atMs: 1_300, from: 'closed', to: 'open', reason: 'test' });
    const score = scorePhase(log, span, limits);
    expect(score).toMatchObject({
      phase: 'blackhole',
      calls: 4,
      succeeded: 2,
      successRate: 0.5,
      hung: 1,
      attemptsPerCall: 1.25,
      breakerTransitions: 1,
      recoveryMs: 130,
      errors: { hung: 1, timeout: 1 },
    });
    expect(score.p50Ms).toBe(30);
    expect(score.p99Ms).toBe(600);
  });

  it('counts as served only calls that succeeded within the deadline itself, less doubled writes', () => {
    const log = logOf('raw', [
      [1_000, 1_390, undefined, 'k0'], // in time
      [1_100, 1_550, undefined], // past the deadline, within the grace: succeeded, not served
      [1_200, 1_210, undefined, 'k2'], // a write the service applied twice
      [1_300, 1_310, 'connection', 'k4'], // failed (and applied twice): neither
    ]);
    const doubled = new Set(['k2', 'k4']);
    const score = scorePhase(log, span, { ...limits, doubled });
    expect(score).toMatchObject({ calls: 4, succeeded: 3, served: 1 });
  });

  it("counts an outage's calls and attempts by start time, within the fault's windows", () => {
    const log = logOf('bulwark', [
      [1_000, 1_010, 'circuit_open'],
      [1_150, 1_160, 'circuit_open'], // between two windows
      [1_250, 1_260, 'circuit_open'],
      [2_100, 2_110, undefined], // after the fault
    ]);
    log.attemptsCounted = true;
    // Started in the first window (one ended after it), between, in the second, and after.
    log.attemptTimes.push(1_000, 1_050, 1_150, 1_299, 2_100);
    // Recovery checks apart from attempts: one in each window, one between.
    log.checkTimes.push(1_020, 1_180, 1_220);
    const windows = [
      { startMs: 1_000, endMs: 1_100 },
      { startMs: 1_200, endMs: 1_300 },
    ];
    const score = scorePhase(log, { ...span, faultWindows: windows }, limits);
    expect(score).toMatchObject({ faultCalls: 2, faultAttempts: 3, faultChecks: 2, faultMs: 200 });
  });

  it('counts no fault attempts where the phase is no outage, or attempts cannot be seen', () => {
    const log = logOf('raw', [[1_000, 1_010, 'connection']]);
    const outage = scorePhase(log, span, limits);
    expect(outage).toMatchObject({ faultCalls: 1, faultAttempts: null, faultChecks: null });
    const calm = scorePhase(log, { ...span, outage: false }, limits);
    expect(calm).toMatchObject({ faultCalls: null, faultAttempts: null, faultChecks: null });
  });

  it('leaves out what a raw client cannot tell: attempts and breaker transitions', () => {
    const log = logOf('raw', [[1_000, 1_010, undefined]]);
    const score = scorePhase(log, span, limits);
    expect(score.attemptsPerCall).toBeNull();
    expect(score.breakerTransitions).toBeNull();
  });

  it('gives no rate and no latency for a phase without calls', () => {
    const score = scorePhase(logOf('raw', []), span, limits);
    expect(score.successRate).toBeNull();
    expect(score.p50Ms).toBeNull();
    expect(score.recoveryMs).toBe(0);
  });
});

describe('seriesOf', () => {
  it('buckets calls by start time, with errors and latencies, up to the end', () => {
    const log = logOf('raw', [
      [10, 30, undefined],
      [20, 80, 'connection'],
      [260, undefined, undefined],
    ]);
    const series = seriesOf(log, 250, 1_000, limits);
    expect(series.map((point) => point.atMs)).toEqual([0, 250, 500, 750]);
    expect(series[0]).toEqual({ atMs: 0, calls: 2, errors: 1, p50Ms: 20, p99Ms: 60, served: 1 });
    expect(series[1]).toEqual({
      atMs: 250,
      calls: 1,
      errors: 1,
      p50Ms: null,
      p99Ms: null,
      served: 0,
    });
    expect(series[2]?.calls).toBe(0);
  });

  it("gives bulwark's hedges sent per slice, and its concurrency limit as it stood at each end", () => {
    const log = logOf('bulwark', [[10, 30, undefined]]);
    log.hedges.push({ atMs: 100, outcome: 'sent' }, { atMs: 120, outcome: 'won' });
    log.hedges.push({ atMs: 600, outcome: 'sent' }, { atMs: 610, outcome: 'sent' });
    log.limits.push({ atMs: 5, limit: 10 }, { atMs: 300, limit: 6 }, { atMs: 400, limit: 8 });
    const series = seriesOf(log, 250, 1_000, limits);
    expect(series.map((point) => point.hedges)).toEqual([1, 0, 2, 0]);
    expect(series.map((point) => point.limit)).toEqual([10, 8, 8, 8]);
  });

  it('has no limit where none was read, and no hedges for a raw side', () => {
    const series = seriesOf(logOf('raw', [[10, 30, undefined]]), 250, 500, limits);
    expect(series.every((point) => !('limit' in point) && !('hedges' in point))).toBe(true);
  });
});
