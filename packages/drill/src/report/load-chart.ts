import type { ClientResults, DrillResults, SideResults } from '../drill/drill-results.ts';
import { renderLineChart, type ChartLine } from './line-chart.ts';
import { loadColors, sideColors } from './palette.ts';
import { linearScale } from './scale.ts';
import type { TimeFrame } from './time-frame.ts';

/** Ticks of 1, 2 or 5 times a power of ten, about four of them up to `max`. */
export function niceTicks(max: number): number[] {
  const top = Math.max(max, 1);
  const target = top / 4;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= target) ?? power * 10;
  const ticks: number[] = [];
  for (let tick = 0; tick < top + step; tick += step) ticks.push(Math.round(tick * 1e6) / 1e6);
  return ticks;
}

/** Which lines the chart has: goodput for every side; hedges and the limit where measured. */
export function loadLines(results: DrillResults, client: ClientResults): ChartLine[] {
  const perSecond = 1_000 / results.sliceMs;
  const at = (atMs: number) => atMs + results.sliceMs / 2;
  const line = (
    id: string,
    name: string,
    color: string,
    dashed: boolean,
    points: ChartLine['points'],
  ): ChartLine => ({ id, name, color, dashed, strokeWidth: dashed ? 1.6 : 2.2, points });
  const lines = client.sides.map((side) =>
    line(
      `${side.side}-goodput`,
      `${side.side} goodput`,
      sideColors[side.side],
      false,
      side.series.map((p) => ({
        atMs: at(p.atMs),
        value: p.served === undefined ? null : p.served * perSecond,
      })),
    ),
  );
  const bulwark: SideResults | undefined = client.sides.find((s) => s.side === 'bulwark');
  const series = bulwark?.series ?? [];
  if (series.some((p) => (p.hedges ?? 0) > 0)) {
    const points = series.map((p) => ({
      atMs: at(p.atMs),
      value: p.hedges === undefined ? null : p.hedges * perSecond,
    }));
    lines.push(
      line('bulwark-hedges', 'bulwark hedges per second', loadColors.hedges, true, points),
    );
  }
  if (series.some((p) => p.limit !== undefined && p.limit !== null)) {
    const points = series.map((p) => ({ atMs: at(p.atMs), value: p.limit ?? null }));
    lines.push(line('bulwark-limit', 'bulwark concurrency limit', loadColors.limit, true, points));
  }
  return lines;
}

/**
 * Goodput (calls served within the deadline, per second) of both sides, with bulwark's hedges
 * per second and its concurrency limit where it has them: what the tail and overload phases
 * are judged by, over the whole drill.
 */
export function renderLoadChart(
  results: DrillResults,
  client: ClientResults,
  frame: TimeFrame,
): string {
  const lines = loadLines(results, client);
  const max = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.value ?? 0)));
  const ticks = niceTicks(max);
  const top = ticks.at(-1) ?? max;
  const y = linearScale([0, top], [frame.plot.top + frame.plot.height, frame.plot.top]);
  return renderLineChart({
    kind: 'load',
    client: client.client,
    label: `${client.client}: goodput per second, bulwark and raw, with bulwark's hedges per second and concurrency limit`,
    frame,
    phases: results.phases,
    axis: { y, ticks, format: (v) => String(v), title: 'per second · limit' },
    lines,
  });
}
