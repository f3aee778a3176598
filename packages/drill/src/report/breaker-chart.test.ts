import { describe, expect, it } from 'vitest';
import type { ClientResults } from '../drill/drill-results.ts';
import { breakerChartHeight, renderBreakerChart } from './breaker-chart.ts';
import { breakerColors } from './palette.ts';
import { sampleResults } from './sample-results.ts';
import { cleanAudit } from '../drill/side-audit.test-helpers.ts';

const results = sampleResults({ quick: true, clients: ['redis'] });
const audit = cleanAudit();

function client(transitions: ClientResults['sides'][number]['breaker']): ClientResults {
  return {
    client: 'redis',
    target: 'redis://127.0.0.1:6379/0',
    sides: [
      { side: 'bulwark', phases: [], series: [], breaker: transitions, audit },
      { side: 'raw', phases: [], series: [], breaker: [], audit },
    ],
  };
}

describe('renderBreakerChart', () => {
  it('is one closed band for a breaker that never moved, and a "no breaker" row for raw', () => {
    const svg = renderBreakerChart(results, client([]), 60_000);
    expect(svg.match(/data-state="/g)).toHaveLength(1);
    expect(svg).toContain(`data-state="closed"`);
    expect(svg).toContain(`fill="${breakerColors.closed}"`);
    expect(svg).toContain('>no breaker<');
    expect(svg).toContain(`viewBox="0 0 1120 ${breakerChartHeight(2)}"`);
  });

  it('draws a state it does not know in a neutral colour, named as reported', () => {
    const svg = renderBreakerChart(
      results,
      client([{ atMs: 10_000, from: 'closed', to: 'isolated_by_hand', reason: 'isolate()' }]),
      60_000,
    );
    expect(svg).toContain(`data-state="isolated_by_hand" x="`);
    expect(svg).toContain(`fill="${breakerColors.other}"`);
    expect(svg).toContain('isolated-by-hand from 10 s to 60 s: isolate()');
  });
});
