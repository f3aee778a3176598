import { describe, expect, it } from 'vitest';
import type { ClientResults, PhaseScore } from '../drill/drill-results.ts';
import { renderErrors, renderScorecard } from './scorecard-table.ts';
import { healthyPhase } from '../drill/phase-score.test-helpers.ts';
import { cleanAudit } from '../drill/side-audit.test-helpers.ts';

const score = (over: Partial<PhaseScore>): PhaseScore =>
  healthyPhase({ p50Ms: 1.2, p99Ms: 4, ...over });

const audit = cleanAudit();

const client: ClientResults = {
  client: 'redis',
  target: 'redis://127.0.0.1:6379/0',
  sides: [
    {
      side: 'bulwark',
      phases: [
        score({}),
        score({
          phase: 'blackhole',
          successRate: 0.25,
          faultCalls: 100,
          faultAttempts: 25,
          recoveryMs: 900,
          errors: { timeout: 3 },
        }),
      ],
      series: [],
      breaker: [],
      audit,
    },
    {
      side: 'raw',
      phases: [
        score({ attemptsPerCall: null, breakerTransitions: null }),
        score({
          phase: 'blackhole',
          p50Ms: null,
          p99Ms: null,
          hung: 40,
          attemptsPerCall: null,
          breakerTransitions: null,
          recoveryMs: null,
        }),
      ],
      series: [],
      breaker: [],
      audit,
    },
  ],
};

describe('renderScorecard', () => {
  const html = renderScorecard(client, [
    { client: 'redis', phase: 'blackhole', promise: 'spares_the_service', detail: '25 of 100' },
    { client: 'redis', phase: 'blackhole', promise: 'recovers_as_raw', detail: '900 ms' },
    // Another client's broken promise marks nothing here.
    { client: 'http', phase: 'baseline', promise: 'serves_as_raw', detail: '0 of 100' },
  ]);
  const rows = html.split('<tr').slice(2);

  it('has a row per phase and side, bulwark first, the phase named once for both', () => {
    expect(rows).toHaveLength(4);
    expect(html.match(/rowspan="2"/g)).toHaveLength(2);
    expect(rows[0]).toContain('baseline');
    expect(rows[0]).toContain('bulwark');
    expect(rows[1]).toContain('raw');
    expect(rows[2]).toContain('blackhole');
  });

  it('writes missing figures as a dash and marks broken ones', () => {
    expect(rows[3]).toContain('<td class="num">—</td>');
    expect(rows[3]).toContain('<td class="num bad">40</td>');
    expect(rows[3]).toContain('<td class="num bad">never</td>');
    expect(rows[2]).toContain('25 %');
  });

  it("marks bulwark's figures that the verdict lists as broken, and only those", () => {
    expect(rows[2]).toContain('<td class="num bad">25%</td>');
    expect(rows[2]).toContain('<td class="num bad">900 ms</td>');
    expect(rows[0]).not.toContain('bad');
  });
});

describe('renderErrors', () => {
  it('lists kinds most frequent first, and says none when there are none', () => {
    expect(renderErrors({ timeout: 2, circuit_open: 9, zero: 0 })).toBe(
      '<span class="kind">circuit_open&nbsp;9</span> · <span class="kind">timeout&nbsp;2</span>',
    );
    expect(renderErrors({})).toContain('none');
  });
});
