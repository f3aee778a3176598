import { describe, expect, it } from 'vitest';
import { loadLines, niceTicks, renderLoadChart } from './load-chart.ts';
import { sampleResults } from './sample-results.ts';
import { timeFrame } from './time-frame.ts';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten, up to the maximum or just past it', () => {
    expect(niceTicks(25)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0)).toEqual([0, 0.5, 1]);
  });
});

describe('renderLoadChart', () => {
  const results = sampleResults({ quick: true });
  const client = (name: string) => {
    const found = results.clients.find((c) => c.client === name);
    if (!found) throw new Error(name);
    return found;
  };

  it("draws both sides' goodput, and bulwark's hedges and limit where it has them", () => {
    expect(loadLines(results, client('http')).map((l) => l.id)).toEqual([
      'bulwark-goodput',
      'raw-goodput',
      'bulwark-hedges',
      'bulwark-limit',
    ]);
    const svg = renderLoadChart(results, client('http'), timeFrame(60_000, 200));
    expect(svg).toContain('data-chart="load" data-client="http"');
    expect(svg).toContain('data-line="bulwark-limit"');
  });

  it('draws no hedges where there were none (Redis has no tail phase)', () => {
    const ids = loadLines(results, client('redis')).map((l) => l.id);
    expect(ids).not.toContain('bulwark-hedges');
  });
});
