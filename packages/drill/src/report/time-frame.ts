import type { DrillClient, PhaseSpan } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';
import { num } from './line-path.ts';
import { chartColors } from './palette.ts';
import { formatTimeTick, linearScale, timeTicks } from './scale.ts';
import type { Scale } from './scale.ts';

/**
 * The shared geometry of a client's charts: every chart is as wide as the others and has the
 * same left margin, so stacked one above the other their time axes line up and a fault can be
 * followed down from latency to errors to the breaker.
 */
export interface TimeFrame {
  readonly width: number;
  readonly height: number;
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly width: number;
    readonly height: number;
  };
  /** ms since the drill's start → x pixel. */
  readonly x: Scale;
  readonly endMs: number;
}

export const chartWidth = 1120;
const margin = { left: 76, right: 20, top: 26, bottom: 30 } as const;

export function timeFrame(
  endMs: number,
  height: number,
  bottom: number = margin.bottom,
): TimeFrame {
  const plot = {
    left: margin.left,
    top: margin.top,
    width: chartWidth - margin.left - margin.right,
    height: height - margin.top - bottom,
  };
  return {
    width: chartWidth,
    height,
    plot,
    endMs,
    x: linearScale([0, endMs], [plot.left, plot.left + plot.width]),
  };
}

/** Vertical grid lines and labelled ticks along the bottom, in seconds (minutes past two). */
export function renderTimeAxis(frame: TimeFrame): string {
  const { plot, x } = frame;
  const bottom = plot.top + plot.height;
  const ticks = timeTicks(frame.endMs).map((t) => {
    const px = num(x(t));
    return (
      `<line x1="${px}" x2="${px}" y1="${plot.top}" y2="${bottom}" stroke="${chartColors.grid}"/>` +
      `<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 4}" stroke="${chartColors.axis}"/>` +
      `<text x="${px}" y="${bottom + 16}" text-anchor="middle" class="tick">${formatTimeTick(t)}</text>`
    );
  });
  const axis = `<line x1="${plot.left}" x2="${plot.left + plot.width}" y1="${bottom}" y2="${bottom}" stroke="${chartColors.axis}"/>`;
  return `<g class="time-axis">${ticks.join('')}${axis}</g>`;
}

/**
 * The fault phases that applied to `client`, behind the data: the fault itself (startMs to
 * faultEndMs) shaded, its recovery (faultEndMs to endMs) lighter, each phase named above the
 * plot when its name fits. The baseline has no fault, so it is only named.
 */
export function renderPhases(
  frame: TimeFrame,
  phases: readonly PhaseSpan[],
  client: DrillClient,
): string {
  const { plot, x } = frame;
  const parts: string[] = [];
  for (const phase of phases) {
    if (!phase.clients.includes(client)) continue;
    const start = x(phase.startMs);
    const faultEnd = x(phase.name === 'baseline' ? phase.startMs : phase.faultEndMs);
    const end = x(phase.endMs);
    const title = `<title>${escapeHtml(`${phase.name}: ${phase.description}`)}</title>`;
    if (faultEnd > start) {
      parts.push(
        `<rect class="phase-fault" data-phase="${escapeHtml(phase.name)}" x="${num(start)}" y="${plot.top}" width="${num(faultEnd - start)}" height="${plot.height}" fill="${chartColors.fault}">${title}</rect>`,
      );
    }
    if (end > faultEnd) {
      parts.push(
        `<rect class="phase-recovery" x="${num(faultEnd)}" y="${plot.top}" width="${num(end - faultEnd)}" height="${plot.height}" fill="${chartColors.recovery}"/>`,
      );
    }
    parts.push(
      `<line x1="${num(start)}" x2="${num(start)}" y1="${plot.top - 14}" y2="${plot.top + plot.height}" stroke="${chartColors.axis}" stroke-dasharray="2 3"/>`,
    );
    // The name is centred over the fault (or the whole phase, for the baseline) when it fits.
    const labelFrom = start;
    const labelTo = faultEnd > start ? faultEnd : end;
    if (estimateTextWidth(phase.name) + 6 <= labelTo - labelFrom) {
      parts.push(
        `<text x="${num((labelFrom + labelTo) / 2)}" y="${plot.top - 8}" text-anchor="middle" class="phase-label">${escapeHtml(phase.name)}${title}</text>`,
      );
    }
  }
  return `<g class="phases">${parts.join('')}</g>`;
}

/** Width of a label at the charts' 11 px font, generously, since SVG text cannot be measured here. */
export function estimateTextWidth(text: string): number {
  return text.length * 6.6;
}
