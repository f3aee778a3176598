import type { ClientResults, DrillResults, SideResults } from '../drill/drill-results.ts';
import { formatMs } from './format.ts';
import { renderLineChart } from './line-chart.ts';
import type { ChartLine } from './line-chart.ts';
import { sideColors } from './palette.ts';
import { decades, formatLatencyTick, linearScale, logScale } from './scale.ts';
import type { TimeFrame } from './time-frame.ts';

/**
 * The two time-series charts of a client, bulwark and raw drawn together on the same axes so
 * they compare at a glance: latency (p50 dashed, p99 solid) and the error rate.
 */

/** Latency over time on a log axis, with the deadline drawn across it. */
export function renderLatencyChart(
  results: DrillResults,
  client: ClientResults,
  frame: TimeFrame,
): string {
  const lines = client.sides.flatMap((side): ChartLine[] => [
    sideLine(results, side, 'p99', (p) => p.p99Ms),
    sideLine(results, side, 'p50', (p) => p.p50Ms),
  ]);
  const values = lines.flatMap((line) => line.points.map((p) => p.value ?? 0));
  const { domain, ticks } = decades(values, [results.deadlineMs]);
  const y = logScale(domain, [frame.plot.top + frame.plot.height, frame.plot.top]);
  return renderLineChart({
    kind: 'latency',
    client: client.client,
    label: `${client.client}: latency over time, p50 and p99, bulwark and raw, log scale`,
    frame,
    phases: results.phases,
    axis: { y, ticks, format: formatLatencyTick, title: 'latency (log)' },
    lines,
    thresholds: [{ value: results.deadlineMs, label: `deadline ${formatMs(results.deadlineMs)}` }],
  });
}

/** Errors / calls per slice, 0 to 100 %; a slice with no call is a gap, not a 0 %. */
export function renderErrorRateChart(
  results: DrillResults,
  client: ClientResults,
  frame: TimeFrame,
): string {
  const lines = client.sides.map((side) =>
    sideLine(results, side, 'errors', (p) => (p.calls === 0 ? null : (100 * p.errors) / p.calls)),
  );
  const y = linearScale([0, 100], [frame.plot.top + frame.plot.height, frame.plot.top]);
  return renderLineChart({
    kind: 'errors',
    client: client.client,
    label: `${client.client}: error rate over time, bulwark and raw, percent of calls`,
    frame,
    phases: results.phases,
    axis: { y, ticks: [0, 25, 50, 75, 100], format: (v) => `${v} %`, title: 'errors' },
    lines,
  });
}

function sideLine(
  results: DrillResults,
  side: SideResults,
  measure: 'p50' | 'p99' | 'errors',
  value: (point: SideResults['series'][number]) => number | null,
): ChartLine {
  return {
    id: `${side.side}-${measure}`,
    name: measure === 'errors' ? `${side.side} error rate` : `${side.side} ${measure}`,
    color: sideColors[side.side],
    dashed: measure === 'p50',
    strokeWidth: measure === 'p50' ? 1.6 : 2.2,
    // Each slice is drawn at its middle: its calls started anywhere within it.
    points: side.series.map((point) => ({
      atMs: point.atMs + results.sliceMs / 2,
      value: value(point),
    })),
  };
}
