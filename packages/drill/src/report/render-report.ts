import type { DrillResults } from '../drill/drill-results.ts';
import { renderClientSection } from './client-section.ts';
import { escapeHtml } from './escape-html.ts';
import { renderHeader, renderPhaseTable } from './report-header.ts';
import { reportStyle } from './report-style.ts';

export interface RenderReportOptions {
  /** A line under the title, such as "sample data" for a report that is not a real drill. */
  readonly note?: string;
}

/**
 * The drill's HTML report: one self-contained document (inline CSS and SVG, no script, no
 * fetch of any kind), so it opens offline, from a CI artifact or an e-mail attachment alike.
 * Every string from the results is escaped.
 */
export function renderReport(results: DrillResults, options: RenderReportOptions = {}): string {
  const endMs = timelineEnd(results);
  const nav = results.clients
    .map(({ client }) => `<a href="#client-${escapeHtml(client)}">${escapeHtml(client)}</a>`)
    .join('');
  const sections = results.clients.map((client) => renderClientSection(results, client, endMs));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load from anywhere: a report must open the same offline, and must not call home.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>bulwark drill report · ${escapeHtml(results.startedAt)}</title>`,
    `<style>${reportStyle}</style>`,
    '</head>',
    '<body><main>',
    renderHeader(results, options.note),
    `<nav>Clients: ${nav}</nav>`,
    ...sections,
    `<section class="overview">${renderPhaseTable(results)}</section>`,
    `<footer>Written by bulwark drill · results format version ${results.version}</footer>`,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Where every chart's time axis ends: the drill's duration, stretched to the last phase or
 * series slice should either run past it, so no data is cut off.
 */
export function timelineEnd(results: DrillResults): number {
  const ends = [results.durationMs, ...results.phases.map((p) => p.endMs)];
  for (const client of results.clients) {
    for (const side of client.sides) {
      const last = side.series.at(-1);
      if (last !== undefined) ends.push(last.atMs + results.sliceMs);
    }
  }
  return Math.max(1, ...ends);
}
