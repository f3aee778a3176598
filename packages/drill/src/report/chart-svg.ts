import type { DrillClient } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';
import type { TimeFrame } from './time-frame.ts';

/** The charts a report draws per client; a test finds them by `data-chart` and `data-client`. */
export type ChartKind = 'latency' | 'errors' | 'breaker' | 'load';

/**
 * An inline `<svg>` chart: an image to assistive technology (`role="img"`, its `aria-label`
 * saying what it shows), scaled to its container by CSS while its viewBox keeps the drawing's
 * own pixel grid.
 */
export function renderChartSvg(options: {
  readonly kind: ChartKind;
  readonly client: DrillClient;
  readonly label: string;
  readonly frame: TimeFrame;
  readonly body: string;
}): string {
  const { kind, client, label, frame, body } = options;
  return (
    `<svg class="chart chart-${kind}" data-chart="${kind}" data-client="${escapeHtml(client)}"` +
    ` role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${frame.width} ${frame.height}"` +
    ` width="${frame.width}" height="${frame.height}">${body}</svg>`
  );
}
