import { escapeHtml } from './escape-html.ts';
import { num } from './line-path.ts';
import { chartColors } from './palette.ts';
import type { Scale } from './scale.ts';
import type { TimeFrame } from './time-frame.ts';

/** A value axis: where its ticks go and what they say. */
export interface ValueAxis {
  /** Value → y pixel, built for the frame's plot. */
  readonly y: Scale;
  readonly ticks: readonly number[];
  readonly format: (value: number) => string;
  /** Written up the left side: "latency (log scale)". */
  readonly title: string;
}

/** Horizontal grid lines with labels on the left, and the axis title rotated beside them. */
export function renderValueAxis(frame: TimeFrame, axis: ValueAxis): string {
  const { plot } = frame;
  const right = plot.left + plot.width;
  const ticks = axis.ticks.map((value) => {
    const py = num(axis.y(value));
    return (
      `<line x1="${plot.left}" x2="${right}" y1="${py}" y2="${py}" stroke="${chartColors.grid}"/>` +
      `<text x="${plot.left - 8}" y="${py}" dy="0.32em" text-anchor="end" class="tick">${escapeHtml(axis.format(value))}</text>`
    );
  });
  const middle = num(plot.top + plot.height / 2);
  const title = `<text transform="translate(14 ${middle}) rotate(-90)" text-anchor="middle" class="axis-title">${escapeHtml(axis.title)}</text>`;
  const line = `<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.top + plot.height}" stroke="${chartColors.axis}"/>`;
  return `<g class="value-axis">${ticks.join('')}${line}${title}</g>`;
}
