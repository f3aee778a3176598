import { describe, expect, it } from 'vitest';
import type { ClientResults, SeriesPoint } from '../drill/drill-results.ts';
import { renderErrorRateChart, renderLatencyChart } from './client-charts.ts';
import { sampleResults } from './sample-results.ts';
import { timeFrame } from './time-frame.ts';
import { cleanAudit } from '../drill/side-audit.test-helpers.ts';

const results = { ...sampleResults({ quick: true, clients: ['redis'] }), sliceMs: 1000 };
const audit = cleanAudit();

function client(bulwark: SeriesPoint[], raw: SeriesPoint[]): ClientResults {
  return {
    client: 'redis',
    target: 'redis://127.0.0.1:6379/0',
    sides: [
      { side: 'bulwark', phases: [], series: bulwark, breaker: [], audit },
      { side: 'raw', phases: [], series: raw, breaker: [], audit },
    ],
  };
}

const point = (atMs: number, calls: number, errors: number, p50Ms: number | null) => ({
  atMs,
  calls,
  errors,
  p50Ms,
  p99Ms: p50Ms === null ? null : p50Ms * 3,
});

const path = (svg: string, line: string) =>
  new RegExp(`data-line="${line}" d="([^"]*)"`).exec(svg)?.[1];

describe('renderLatencyChart', () => {
  it('spans the decades from the fastest call to the deadline, and draws the deadline', () => {
    const svg = renderLatencyChart(
      results,
      client([point(0, 10, 0, 0.4)], [point(0, 10, 0, 2)]),
      timeFrame(60_000, 250),
    );
    for (const tick of ['0.1 ms', '1 ms', '10 ms', '100 ms', '1 s', '10 s']) {
      expect(svg).toContain(`>${tick}</text>`);
    }
    expect(svg).not.toContain('>0.01 ms<');
    expect(svg).toContain('deadline 5 s');
  });

  it('draws each slice at its middle', () => {
    const frame = timeFrame(60_000, 250);
    const svg = renderLatencyChart(
      results,
      client([point(0, 10, 0, 1), point(1000, 10, 0, 1)], []),
      frame,
    );
    expect(path(svg, 'bulwark-p50')).toMatch(new RegExp(`^M${frame.x(500).toFixed(1)} `));
  });
});

describe('renderErrorRateChart', () => {
  it('plots errors as a percentage of calls, and no point for a slice without calls', () => {
    const frame = timeFrame(4000, 170);
    const svg = renderErrorRateChart(
      results,
      client(
        [point(0, 10, 0, 1), point(1000, 10, 5, 1), point(2000, 0, 0, null), point(3000, 4, 4, 1)],
        [point(0, 10, 10, 1)],
      ),
      frame,
    );
    const y0 = frame.plot.top + frame.plot.height;
    const y50 = frame.plot.top + frame.plot.height / 2;
    const d = path(svg, 'bulwark-errors') ?? '';
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toEqual([y0, y50, frame.plot.top]);
    expect(d.match(/M/g)).toHaveLength(2);
    expect(path(svg, 'raw-errors')).toContain(`${frame.plot.top}h0`);
  });
});
