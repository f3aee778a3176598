import { describe, expect, it } from 'vitest';
import type { PhaseScore } from './drill-results.ts';
import {
  formatAttempts,
  formatMs,
  formatReached,
  formatRecovery,
  formatSuccess,
  formatTopErrors,
} from './format-score-cells.ts';
import { healthyPhase } from './phase-score.test-helpers.ts';

const score = (over: Partial<PhaseScore>): PhaseScore =>
  healthyPhase({ phase: 'latency', ...over });

describe('score cells', () => {
  it('shows 100% only when every call succeeded', () => {
    expect(formatSuccess(score({}))).toBe('100%');
    expect(formatSuccess(score({ calls: 10_000, succeeded: 9_999, successRate: 0.9999 }))).toBe(
      '99.9%',
    );
    expect(formatSuccess(score({ succeeded: 50, successRate: 0.5 }))).toBe('50.0%');
    expect(formatSuccess(score({ calls: 0, succeeded: 0, successRate: null }))).toBe('—');
  });

  it('shows milliseconds with a decimal only where it matters', () => {
    expect(formatMs(1.234)).toBe('1.2');
    expect(formatMs(12.6)).toBe('13');
    expect(formatMs(30_000)).toBe('30,000');
    expect(formatMs(null)).toBe('—');
  });

  it('shows attempts per call to two decimals, or — where they cannot be counted', () => {
    expect(formatAttempts(1.5)).toBe('1.50');
    expect(formatAttempts(null)).toBe('—');
  });

  it('says "never" for a fault not recovered from, and — where there was no fault', () => {
    expect(formatRecovery(score({ recoveryMs: 1250.4 }))).toBe('1,250');
    expect(formatRecovery(score({ recoveryMs: null }))).toBe('never');
    expect(formatRecovery(score({ phase: 'baseline', recoveryMs: null }))).toBe('—');
    expect(formatRecovery(score({ calls: 0, recoveryMs: null }))).toBe('—');
  });

  it('lists the most frequent error kinds first, and how many more there are', () => {
    expect(formatTopErrors({})).toBe('');
    expect(formatTopErrors({ connection: 3, timeout: 1200, server: 0 })).toBe(
      'timeout 1,200, connection 3',
    );
    expect(formatTopErrors({ b: 2, a: 2, c: 1, d: 1 })).toBe('a 2, b 2 +2');
  });
});

describe('formatReached', () => {
  const outage = (faultCalls: number | null, faultAttempts: number | null) =>
    formatReached(healthyPhase({ phase: 'blackhole', faultCalls, faultAttempts }));

  it('shows the share of fault calls that went out as attempts, past 100% with retries', () => {
    expect(outage(600, 37)).toBe('6.2%');
    expect(outage(75, 62)).toBe('83%');
    expect(outage(100, 250)).toBe('250%');
    expect(outage(100, 0)).toBe('0.0%');
  });

  it("adds bulwark's recovery checks, counted apart from attempts", () => {
    const phase = { phase: 'blackhole', faultCalls: 600, faultAttempts: 10 } as const;
    expect(formatReached(healthyPhase({ ...phase, faultChecks: 58 }))).toBe('1.7% +58 checks');
    expect(formatReached(healthyPhase({ ...phase, faultChecks: 0 }))).toBe('1.7% +0 checks');
  });

  it('shows — where the phase is no outage or attempts cannot be seen', () => {
    expect(outage(null, null)).toBe('—');
    expect(outage(600, null)).toBe('—');
    expect(outage(0, 0)).toBe('—');
  });
});
