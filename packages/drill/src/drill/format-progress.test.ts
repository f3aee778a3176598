import { describe, expect, it } from 'vitest';
import type { DrillProgress } from './drill-progress.ts';
import type { PhaseSpan } from './drill-results.ts';
import { formatClock, phaseEndLine, phaseStartLine, progressBlock } from './format-progress.ts';

const blackhole: PhaseSpan = {
  name: 'blackhole',
  description: 'no bytes pass, connections stay open',
  startMs: 47_200,
  faultEndMs: 57_000,
  endMs: 64_900,
  clients: ['postgres', 'redis'],
  faultWindows: [],
  outage: false,
};

const progress: DrillProgress = {
  phase: 'blackhole',
  phaseIndex: 3,
  phaseCount: 7,
  faultOn: true,
  elapsedMs: 47_900,
  totalMs: 120_000,
  sides: [
    { client: 'postgres', side: 'bulwark', calls: 1234, errors: 3, inFlight: 2 },
    { client: 'postgres', side: 'raw', calls: 1200, errors: 400, inFlight: 32 },
    { client: 'redis', side: 'bulwark', calls: 0, errors: 0, inFlight: 0 },
  ],
};

describe('formatClock', () => {
  it('shows minutes and seconds, rounded down', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(47_999)).toBe('0:47');
    expect(formatClock(120_000)).toBe('2:00');
    expect(formatClock(3_725_000)).toBe('62:05');
    expect(formatClock(-5)).toBe('0:00');
  });
});

describe('phase lines', () => {
  it('names the phase, its place, its start time and its fault', () => {
    expect(phaseStartLine(blackhole, 3, 7)).toBe(
      '[0:47] phase 4/7 blackhole: no bytes pass, connections stay open',
    );
  });

  it("sums up each of the phase's clients, both sides, on one line", () => {
    expect(phaseEndLine(blackhole, progress)).toBe(
      '[1:04] phase 4/7 blackhole done: postgres 3 of 1,234 failed (raw 400 of 1,200 failed); ' +
        'redis no calls (raw not run)',
    );
  });
});

describe('progressBlock', () => {
  it('shows the phase, the fault, the clock, and a row per client', () => {
    expect(progressBlock(progress, blackhole)).toEqual([
      'phase 4/7 blackhole (fault on)  0:47 / 2:00',
      '  no bytes pass, connections stay open',
      '            bulwark calls  errors  in flight  raw calls  errors  in flight',
      '  postgres          1,234       3          2      1,200     400         32',
      '  redis                 0       0          0          -       -          -',
    ]);
  });

  it('says when the fault is off, says nothing of faults in the baseline', () => {
    expect(progressBlock({ ...progress, faultOn: false }, undefined)[0]).toBe(
      'phase 4/7 blackhole (fault off, recovering)  0:47 / 2:00',
    );
    expect(progressBlock({ ...progress, phase: 'baseline', phaseIndex: 0 }, blackhole)[0]).toBe(
      'phase 1/7 baseline  0:47 / 2:00',
    );
  });

  it('leaves out the description of a phase that is not the current one', () => {
    const block = progressBlock({ ...progress, phase: 'reset' }, blackhole);
    expect(block.join('\n')).not.toContain('no bytes pass');
  });
});
