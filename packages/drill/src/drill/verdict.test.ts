import { describe, expect, it } from 'vitest';
import type { ClientResults, PhaseScore, SideResults } from './drill-results.ts';
import { brokenPromises } from './verdict.ts';
import { healthyPhase } from './phase-score.test-helpers.ts';
import { cleanAudit } from './side-audit.test-helpers.ts';

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
  audit: cleanAudit({ acknowledgedWrites: 5, attemptedWrites: 6, ...audit }),
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

  it("breaks no promise for the raw side's doubled writes, and one for bulwark's", () => {
    const raw = side('raw', [score({})], { doubledWrites: 31, attemptedWrites: 900 });
    expect(brokenPromises([client(side('bulwark', [score({})]), raw)])).toEqual([]);
    const bulwark = side('bulwark', [score({})], { doubledWrites: 2, attemptedWrites: 40 });
    const unseen = side('bulwark', [score({})], { doubledWrites: null });
    expect(brokenPromises([client(unseen)])).toEqual([]);
    expect(brokenPromises([client(bulwark)])).toEqual([
      {
        client: 'postgres',
        phase: undefined,
        promise: 'no_double_write',
        detail: '2 of 40 writes were applied more than once',
      },
    ]);
  });
});

/** bulwark and raw, one phase each. */
const against = (bulwark: Partial<PhaseScore>, raw: Partial<PhaseScore>) =>
  brokenPromises([client(side('bulwark', [score(bulwark)]), side('raw', [score(raw)]))]);

describe('serves_as_raw: where the service works, bulwark serves as often as raw, less 1 point', () => {
  const working = {
    phase: 'latency',
    calls: 1000,
    succeeded: 1000,
    served: 1000,
    hung: 0,
  } as const;

  it('holds at exactly one point below, and breaks below that', () => {
    expect(against({ ...working, served: 990 }, working)).toEqual([]);
    const broken = against({ ...working, served: 989 }, working);
    expect(broken).toEqual([
      {
        client: 'postgres',
        phase: 'latency',
        promise: 'serves_as_raw',
        detail:
          'served 989 of 1,000 (98.9%) in time, raw 1,000 of 1,000 (100.0%) with none hung: at least 99.0% needed',
      },
    ]);
  });

  it('compares rates, so a side that made more calls gains nothing by it', () => {
    // raw 995 of 1,000 (99.5%): bulwark needs 98.5%, 1,970 of 2,000 holds, 1,969 does not.
    const raw = { ...working, served: 995 };
    expect(against({ ...working, calls: 2000, served: 1970 }, raw)).toEqual([]);
    const short = against({ ...working, calls: 2000, served: 1969 }, raw);
    expect(short.map((b) => b.promise)).toEqual(['serves_as_raw']);
  });

  it('judges nothing where raw had a hung call or served under 99%', () => {
    const poor = { ...working, served: 500 };
    expect(against(poor, { ...working, hung: 1 })).toEqual([]);
    expect(against(poor, { ...working, served: 989 })).toEqual([]);
    expect(against(poor, { ...working, served: 990 }).map((b) => b.promise)).toEqual([
      'serves_as_raw',
    ]);
  });

  it('leaves flapping to its own rule, though raw served 99% there', () => {
    const flapping = { ...working, phase: 'flapping' } as const;
    expect(against({ ...flapping, served: 985 }, flapping)).toEqual([]);
  });

  it("counts raw's late successes as not served: riding a short fault out, late, is no service", () => {
    const late = { ...working, phase: 'blackhole', succeeded: 1000, served: 600 } as const;
    expect(against({ ...late, succeeded: 400, served: 400 }, late)).toEqual([]);
  });
});

describe('recovers_as_raw: bulwark is back at most 250 ms after raw', () => {
  it('holds at 250 ms later, and breaks past it', () => {
    expect(against({ recoveryMs: 709 }, { recoveryMs: 459 })).toEqual([]);
    const broken = against({ recoveryMs: 1038 }, { recoveryMs: 459 });
    expect(broken).toEqual([
      {
        client: 'postgres',
        phase: 'reset',
        promise: 'recovers_as_raw',
        detail: 'recovered in 1,038 ms, raw in 459 ms: at most 709 ms allowed',
      },
    ]);
  });

  it('sets no bound where raw never recovered; bulwark never recovering is `recovers`', () => {
    expect(against({ recoveryMs: 4000 }, { recoveryMs: null })).toEqual([]);
    const never = against({ recoveryMs: null }, { recoveryMs: 10 });
    expect(never.map((b) => b.promise)).toEqual(['recovers']);
  });
});

describe('spares_the_service: while an outage lasts, at most one attempt in ten calls', () => {
  it('holds at one in ten, and breaks above it', () => {
    expect(against({ faultCalls: 600, faultAttempts: 60 }, {})).toEqual([]);
    const broken = against({ phase: 'blackhole', faultCalls: 75, faultAttempts: 62 }, {});
    expect(broken).toEqual([
      {
        client: 'postgres',
        phase: 'blackhole',
        promise: 'spares_the_service',
        detail:
          '62 attempts went out while the fault was on, for 75 calls made: at most 7 (one in 10)',
      },
    ]);
  });

  it('judges nothing where the phase is no outage or attempts cannot be seen', () => {
    expect(against({ faultCalls: null, faultAttempts: null }, {})).toEqual([]);
    expect(against({ faultCalls: 600, faultAttempts: null }, {})).toEqual([]);
  });
});

describe('checks_sparingly: while an outage lasts, recovery checks at most once per 200 ms', () => {
  it('holds at one per 200 ms of fault (and one as it begins), and breaks above it', () => {
    const outage = { phase: 'blackhole', faultCalls: 600, faultAttempts: 8 } as const;
    expect(against({ ...outage, faultChecks: 61, faultMs: 12_000 }, {})).toEqual([]);
    const broken = against({ ...outage, faultChecks: 62, faultMs: 12_000 }, {});
    expect(broken).toEqual([
      {
        client: 'postgres',
        phase: 'blackhole',
        promise: 'checks_sparingly',
        detail: '62 recovery checks went out in 12,000 ms of fault: at most 61 (one per 200 ms)',
      },
    ]);
  });

  it("spaces Redis's PINGs 50 ms apart", () => {
    const outage = { phase: 'reset', faultCalls: 600, faultAttempts: 8 } as const;
    const redis = (faultChecks: number) =>
      brokenPromises([
        {
          client: 'redis',
          target: 'redis://127.0.0.1:6379',
          sides: [side('bulwark', [score({ ...outage, faultChecks, faultMs: 3_000 })])],
        },
      ]);
    expect(redis(61)).toEqual([]);
    expect(redis(62)).toMatchObject([{ client: 'redis', promise: 'checks_sparingly' }]);
  });

  it('counts checks apart from the attempts calls make', () => {
    const checked = { faultCalls: 600, faultAttempts: 10, faultChecks: 60, faultMs: 12_000 };
    expect(against(checked, {})).toEqual([]);
  });

  it('judges nothing where the phase is no outage or the side makes no checks', () => {
    expect(against({ faultChecks: null, faultMs: null }, {})).toEqual([]);
    expect(against({ faultChecks: null, faultMs: 12_000 }, {})).toEqual([]);
  });
});

describe('serves_through_flapping: bulwark serves 90% of what raw serves in time', () => {
  const flapping = { phase: 'flapping', calls: 600 } as const;

  it('holds at 90% of raw, and breaks below it', () => {
    const raw = { ...flapping, succeeded: 560, served: 500 };
    expect(against({ ...flapping, succeeded: 450, served: 450 }, raw)).toEqual([]);
    const broken = against({ ...flapping, succeeded: 449, served: 449 }, raw);
    expect(broken).toEqual([
      {
        client: 'postgres',
        phase: 'flapping',
        promise: 'serves_through_flapping',
        detail:
          'served 449 of 600 (74.8%) in time, raw 500 of 600 (83.3%) (its late calls and doubled writes left out): at least 75.0% needed',
      },
    ]);
  });

  it("counts raw's served calls, not its successes: late ones and doubled writes are out", () => {
    // raw succeeded 600 times, but only 400 in time and not doubled: bulwark needs 360.
    const raw = { ...flapping, succeeded: 600, served: 400 };
    expect(against({ ...flapping, succeeded: 360, served: 360 }, raw)).toEqual([]);
  });

  it('is judged in the flapping phase only', () => {
    const raw = { phase: 'reset', calls: 600, succeeded: 500, served: 500 } as const;
    expect(against({ phase: 'reset', calls: 600, succeeded: 10, served: 10 }, raw)).toEqual([]);
  });
});
