import type { DrillClient, PhaseSpan } from '../drill/drill-results.ts';
import { renderChartSvg } from './chart-svg.ts';
import { escapeHtml } from './escape-html.ts';
import { linePath, num } from './line-path.ts';
import { chartColors } from './palette.ts';
import { renderPhases, renderTimeAxis } from './time-frame.ts';
import type { TimeFrame } from './time-frame.ts';
import { renderValueAxis } from './y-axis.ts';
import type { ValueAxis } from './y-axis.ts';

/** One line of a chart: a value per series slice, null where there is none. */
export interface ChartLine {
  /** Stable and attribute-safe: "bulwark-p99". */
  readonly id: string;
  /** For people: "bulwark p99". */
  readonly name: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly strokeWidth: number;
  readonly points: readonly { readonly atMs: number; readonly value: number | null }[];
}

/** A horizontal reference line, such as the deadline. */
export interface Threshold {
  readonly value: number;
  readonly label: string;
}

export interface LineChartSpec {
  readonly kind: 'latency' | 'errors' | 'load';
  readonly client: DrillClient;
  readonly label: string;
  readonly frame: TimeFrame;
  readonly phases: readonly PhaseSpan[];
  readonly axis: ValueAxis;
  readonly lines: readonly ChartLine[];
  readonly thresholds?: readonly Threshold[];
}

/** A time-series chart: phases behind, grid and axes, thresholds, then the lines on top. */
export function renderLineChart(spec: LineChartSpec): string {
  const { frame, axis } = spec;
  const { plot } = frame;
  const thresholds = (spec.thresholds ?? []).map(({ value, label }) => {
    const py = num(axis.y(value));
    return (
      `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${py}" y2="${py}" stroke="${chartColors.deadline}" stroke-dasharray="6 4" stroke-width="1.2"/>` +
      `<text x="${plot.left + plot.width - 4}" y="${py}" dy="-0.4em" text-anchor="end" class="threshold">${escapeHtml(label)}</text>`
    );
  });
  const lines = spec.lines.map((line) => {
    const d = linePath(
      line.points.map(({ atMs, value }) => ({
        x: frame.x(atMs),
        y: value === null ? null : axis.y(value),
      })),
    );
    const dash = line.dashed ? ' stroke-dasharray="5 4"' : '';
    return (
      `<path data-line="${escapeHtml(line.id)}" d="${d}" fill="none" stroke="${line.color}" stroke-width="${line.strokeWidth}"` +
      ` stroke-linejoin="round" stroke-linecap="round"${dash}><title>${escapeHtml(line.name)}</title></path>`
    );
  });
  const body =
    renderPhases(frame, spec.phases, spec.client) +
    renderValueAxis(frame, axis) +
    renderTimeAxis(frame) +
    thresholds.join('') +
    `<g class="lines">${lines.join('')}</g>`;
  return renderChartSvg({ kind: spec.kind, client: spec.client, label: spec.label, frame, body });
}
