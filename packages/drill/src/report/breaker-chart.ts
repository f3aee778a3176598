import type { ClientResults, DrillResults } from '../drill/drill-results.ts';
import { breakerBands } from './breaker-bands.ts';
import type { BreakerBand } from './breaker-bands.ts';
import { renderChartSvg } from './chart-svg.ts';
import { escapeHtml } from './escape-html.ts';
import { formatMs } from './format.ts';
import { num } from './line-path.ts';
import { breakerColors, chartColors } from './palette.ts';
import { estimateTextWidth, renderPhases, renderTimeAxis, timeFrame } from './time-frame.ts';

const rowHeight = 22;
const rowGap = 6;
const top = 26;
const bottom = 30;

/** Height of a breaker timeline with one row per client side. */
export function breakerChartHeight(sides: number): number {
  return top + sides * rowHeight + (sides - 1) * rowGap + bottom;
}

/**
 * The breaker's state over time, one row per side: closed, open and half-open bands built from
 * the transitions bulwark reported. A raw client has no breaker, and its row says so rather
 * than showing a breaker that stayed closed.
 */
export function renderBreakerChart(
  results: DrillResults,
  client: ClientResults,
  endMs: number,
): string {
  const frame = timeFrame(endMs, breakerChartHeight(client.sides.length), bottom);
  // Ids are document-wide, and every client's chart defines its own hatch.
  const hatch = `no-breaker-${escapeHtml(client.client)}`;
  const rows = client.sides.map((side, index) => {
    const y = frame.plot.top + index * (rowHeight + rowGap);
    const label = `<text x="${frame.plot.left - 8}" y="${y + rowHeight / 2}" dy="0.32em" text-anchor="end" class="row-label">${escapeHtml(side.side)}</text>`;
    if (side.side === 'raw' && side.breaker.length === 0) {
      return (
        label +
        `<rect x="${frame.plot.left}" y="${y}" width="${frame.plot.width}" height="${rowHeight}" fill="url(#${hatch})" stroke="${chartColors.grid}"/>` +
        `<text x="${frame.plot.left + 8}" y="${y + rowHeight / 2}" dy="0.32em" class="no-breaker">no breaker</text>`
      );
    }
    const bands = breakerBands(side.breaker, endMs).map((band) => renderBand(band, frame.x, y));
    return label + bands.join('');
  });
  // A light hatch for "nothing here", defined inside the SVG so the page needs nothing else.
  const defs =
    `<defs><pattern id="${hatch}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#f8fafc"/><line x1="0" y1="0" x2="0" y2="6" stroke="${chartColors.grid}" stroke-width="2"/></pattern></defs>`;
  return renderChartSvg({
    kind: 'breaker',
    client: client.client,
    label: `${client.client}: circuit breaker state over time (closed, open, half-open)`,
    frame,
    body:
      defs +
      renderPhases(frame, results.phases, client.client) +
      rows.join('') +
      renderTimeAxis(frame),
  });
}

function renderBand(band: BreakerBand, x: (ms: number) => number, y: number): string {
  const x0 = x(band.fromMs);
  const width = Math.max(x(band.toMs) - x0, 1);
  const color =
    band.state in breakerColors
      ? breakerColors[band.state as keyof typeof breakerColors]
      : breakerColors.other;
  const name = band.state.replaceAll('_', '-');
  const why = band.reason === '' ? 'initial state' : band.reason;
  const title = `${name} from ${formatMs(band.fromMs)} to ${formatMs(band.toMs)}: ${why}`;
  const text =
    estimateTextWidth(name) + 8 <= width
      ? `<text x="${num(x0 + width / 2)}" y="${y + rowHeight / 2}" dy="0.32em" text-anchor="middle" class="band-label band-${band.state === 'closed' ? 'pale' : 'solid'}">${escapeHtml(name)}</text>`
      : '';
  return (
    `<rect data-state="${escapeHtml(band.state)}" x="${num(x0)}" y="${y}" width="${num(width)}" height="${rowHeight}" fill="${color}">` +
    `<title>${escapeHtml(title)}</title></rect>${text}`
  );
}
