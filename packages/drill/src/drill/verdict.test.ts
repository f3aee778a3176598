import { describe, expect, it } from 'vitest';
import type { ClientResults, PhaseScore, SideResults } from './drill-results.ts';
import { brokenPromises } from './verdict.ts';
import { healthyPhase } from './phase-score.test-helpers.ts';

const score = (overrides: Partial<PhaseScore>): PhaseScore =>
  healthyPhase({ phase: 'reset', calls: 10, succeeded: 10, ...overrides });

const side = (
  name: 'bulwark' | 'raw',
  phases: PhaseScore[],
  audit: Partial<SideResults['audit']> = {},
): SideResults => ({
  side: name,
  phases,
  series: [],
  breaker: [],
  audit: { leakedSockets: 0, lostWrites: 0, acknowledgedWrites: 5, ...audit },
});

const client = (...sides: SideResults[]): ClientResults => ({
  client: 'postgres',
  target: 'postgres://127.0.0.1:5432/app',
  sides,
});

describe('brokenPromises', () => {
  it('is empty when bulwark kept every promise, whatever the raw client did', () => {
    const raw = side('raw', [score({ hung: 3, recoveryMs: null })], { leakedSockets: 2 });
    expect(brokenPromises([client(side('bulwark', [score({})]), raw)])).toEqual([]);
  });

  it('names each broken promise of bulwark, with the phase where it broke', () => {
    const bulwark = side(
      'bulwark',
      [score({ phase: 'blackhole', hung: 2 }), score({ phase: 'down', recoveryMs: null })],
      { leakedSockets: 1, lostWrites: 3, acknowledgedWrites: 40 },
    );
    const broken = brokenPromises([client(bulwark)]);
    expect(broken.map((b) => [b.promise, b.phase])).toEqual([
      ['no_hang', 'blackhole'],
      ['recovers', 'down'],
      ['no_leak', undefined],
      ['no_lost_write', undefined],
    ]);
    expect(broken[0]?.detail).toBe('2 of 10 calls hung past the deadline');
    expect(broken[3]?.detail).toBe('3 of 40 acknowledged writes are missing');
  });
});
