import { describe, expect, it } from 'vitest';
import type { DrillResults, PhaseScore, SideResults } from './drill-results.ts';
import { formatScorecard } from './scorecard-table.ts';
import { healthyPhase } from './phase-score.test-helpers.ts';

const score = (over: Partial<PhaseScore> & Pick<PhaseScore, 'phase'>): PhaseScore =>
  healthyPhase({ calls: 1000, succeeded: 1000, p50Ms: 1.2, p99Ms: 4.5, ...over });

const side = (name: SideResults['side'], phases: PhaseScore[], leaked = 0, lost = 0) => ({
  side: name,
  phases,
  series: [],
  breaker: [],
  audit: {
    leakedSockets: leaked,
    lostWrites: lost,
    acknowledgedWrites: 1234,
    doubledWrites: 0,
    attemptedWrites: 1300,
  },
});

const results: DrillResults = {
  version: 1,
  startedAt: '2025-06-01T10:00:00.000Z',
  durationMs: 21_500,
  mode: 'embedded',
  quick: true,
  deadlineMs: 5000,
  sliceMs: 250,
  phases: [
    {
      name: 'baseline',
      description: 'no fault',
      startMs: 0,
      faultEndMs: 0,
      endMs: 3000,
      clients: ['postgres'],
      faultWindows: [],
      outage: false,
    },
    {
      name: 'blackhole',
      description: 'no bytes pass',
      startMs: 3000,
      faultEndMs: 8000,
      endMs: 12_000,
      clients: ['postgres'],
      faultWindows: [],
      outage: false,
    },
    {
      name: 'throttle',
      description: '429s',
      startMs: 12_000,
      faultEndMs: 15_000,
      endMs: 18_000,
      clients: ['http'],
      faultWindows: [],
      outage: false,
    },
  ],
  clients: [
    {
      client: 'postgres',
      target: 'postgres://127.0.0.1:5432/drill',
      sides: [
        // Listed raw first: the scorecard still shows bulwark first.
        side(
          'raw',
          [
            score({ phase: 'baseline', attemptsPerCall: null, breakerTransitions: null }),
            score({
              phase: 'blackhole',
              succeeded: 312,
              successRate: 0.312,
              p50Ms: 5000,
              p99Ms: 30_000,
              hung: 41,
              attemptsPerCall: null,
              breakerTransitions: null,
              recoveryMs: null,
              faultCalls: 500,
              errors: { timeout: 600, connection: 88 },
            }),
          ],
          3,
          12,
        ),
        side('bulwark', [
          score({ phase: 'baseline', recoveryMs: null }),
          score({
            phase: 'blackhole',
            succeeded: 999,
            successRate: 0.999,
            p50Ms: 12.4,
            p99Ms: 250,
            attemptsPerCall: 1.5,
            breakerTransitions: 2,
            recoveryMs: 1250,
            faultCalls: 500,
            faultAttempts: 40,
            errors: { circuit_open: 1 },
          }),
        ]),
      ],
    },
  ],
  broken: [],
};

describe('formatScorecard', () => {
  it('shows a row per phase and side, the audit, and the verdict', () => {
    expect(formatScorecard(results)).toBe(
      [
        'bulwark drill, 2025-06-01T10:00:00.000Z: quick, embedded services, 0:21 long, deadline 5,000 ms',
        '',
        'postgres  postgres://127.0.0.1:5432/drill  (times in ms)',
        '  phase      side     success    p50     p99  hung  att/call  breaker  recovery  top errors',
        '  baseline   bulwark     100%    1.2     4.5     0      1.00        0         —',
        '             raw         100%    1.2     4.5     0         —        —         —',
        '  blackhole  bulwark    99.9%     12     250     0      1.50        2     1,250  circuit_open 1',
        '             raw        31.2%  5,000  30,000    41         —        —     never  timeout 600, conne…',
        '  reached  bulwark  blackhole 8.0%',
        '           raw      blackhole —',
        '  audit  bulwark  0 leaked sockets   0 of 1,234 acknowledged writes lost  0 writes doubled',
        '         raw      3 leaked sockets  12 of 1,234 acknowledged writes lost  0 writes doubled',
        '',
        'bulwark kept every promise',
        '',
      ].join('\n'),
    );
  });

  it('keeps every line within 100 columns, and writes no escape code without colour', () => {
    const text = formatScorecard({
      ...results,
      clients: results.clients.map((c) => ({ ...c, target: `http://h/${'x'.repeat(200)}` })),
      broken: [
        {
          client: 'postgres',
          phase: 'blackhole',
          promise: 'no_hang',
          detail: 'word '.repeat(60).trim(),
        },
      ],
    });
    expect(text).not.toContain('\x1b');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('lists each broken promise, its detail whole and wrapped', () => {
    const detail = `3 calls still unsettled after the ${'deadline '.repeat(12).trim()}`;
    const text = formatScorecard({
      ...results,
      broken: [
        { client: 'postgres', phase: 'blackhole', promise: 'no_hang', detail },
        { client: 'redis', phase: undefined, promise: 'no_leak', detail: '2 sockets left open' },
      ],
    });
    const verdict = text.slice(text.indexOf('bulwark broke'));
    expect(verdict.split('\n')).toEqual([
      'bulwark broke 2 promises:',
      expect.stringMatching(
        /^ {2}- postgres blackhole, no_hang: 3 calls still unsettled after the deadline/,
      ),
      expect.stringMatching(/^ {4}deadline/),
      '  - redis, no_leak: 2 sockets left open',
      '',
    ]);
    expect(verdict.replace(/\s+/g, ' ')).toContain(detail);
  });

  it('colours what the verdict lists as broken on the bulwark side only, keeping the alignment', () => {
    const atRiskScore = { phase: 'blackhole', recoveryMs: null, faultCalls: 100 } as const;
    const atRisk: DrillResults = {
      ...results,
      clients: [
        {
          client: 'redis',
          target: 'redis://127.0.0.1:6379',
          sides: [
            {
              ...side('bulwark', [score({ ...atRiskScore, hung: 2, faultAttempts: 9 })], 1, 0),
              audit: { ...side('bulwark', []).audit, leakedSockets: 1, doubledWrites: 3 },
            },
            side('raw', [score({ ...atRiskScore, hung: 9, faultAttempts: 50 })], 4, 0),
          ],
        },
      ],
      broken: [
        { client: 'redis', phase: 'blackhole', promise: 'no_hang', detail: '2 hung' },
        { client: 'redis', phase: 'blackhole', promise: 'recovers', detail: 'never' },
        { client: 'redis', phase: 'blackhole', promise: 'spares_the_service', detail: '9' },
        { client: 'redis', phase: undefined, promise: 'no_leak', detail: '1 socket' },
        { client: 'redis', phase: undefined, promise: 'no_double_write', detail: '3 doubled' },
      ],
    };
    const coloured = formatScorecard(atRisk, { color: true });
    const red = (s: string) => `\x1b[31m${s}\x1b[39m`;
    expect(coloured).toContain(red('   2'));
    expect(coloured).toContain(red('   never'));
    expect(coloured).toContain(red('1 leaked sockets'));
    expect(coloured).toContain(red('blackhole 9.0%'));
    expect(coloured).toContain(red('3 writes doubled'));
    expect(coloured).not.toContain(red('blackhole 50%'));
    expect(coloured).not.toContain(red('   9'));
    expect(coloured).toContain(red('\x1b[1mbulwark broke 5 promises:\x1b[22m'));
    // eslint-disable-next-line no-control-regex -- removing the colours to compare the text
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(formatScorecard(atRisk));
  });

  it('shows a clean verdict in green', () => {
    expect(formatScorecard(results, { color: true })).toContain(
      '\x1b[32m\x1b[1mbulwark kept every promise\x1b[22m\x1b[39m',
    );
  });
});
