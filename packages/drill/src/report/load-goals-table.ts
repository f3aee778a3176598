import { brokenScoreCells } from '../drill/broken-cells.ts';
import type { BrokenPromise, ClientResults } from '../drill/drill-results.ts';
import { drillSides, phaseNames } from '../drill/drill-results.ts';
import { loadFigures } from '../drill/load-rows.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * The figures of the phases judged by latency and throughput (tail: the reads' p99, extra
 * attempts, hedges; overload: goodput, the served calls' p99, refusals, the concurrency
 * limit), bulwark above raw; bulwark's figures of a broken promise marked. Empty where no
 * such phase applied to the client.
 */
export function renderLoadGoals(client: ClientResults, broken: readonly BrokenPromise[]): string {
  const sides = drillSides.flatMap((name) => client.sides.filter((s) => s.side === name));
  const rows = phaseNames.flatMap((phase) => {
    const bad = brokenScoreCells(broken, client.client, phase);
    const scored = sides.flatMap((side) => {
      const score = side.phases.find((p) => p.phase === phase);
      const figures = score === undefined ? [] : loadFigures(score);
      return figures.length === 0 ? [] : [{ side: side.side, figures }];
    });
    return scored.map(({ side, figures }, index) => {
      const head =
        index === 0
          ? `<th scope="rowgroup" rowspan="${scored.length}" class="phase">${escapeHtml(phase)}</th>`
          : '';
      const cells = figures.map((figure) => {
        const marked = side === 'bulwark' && figure.cell !== undefined && bad.has(figure.cell);
        return `<td class="num${marked ? ' bad' : ''}">${escapeHtml(figure.text)}</td>`;
      });
      const first = index === 0 ? ' class="phase-start"' : '';
      return (
        `<tr${first}>${head}<td class="side"><span class="dot ${escapeHtml(side)}"></span>` +
        `${escapeHtml(side)}</td>${cells.join('')}</tr>`
      );
    });
  });
  if (rows.length === 0) return '';
  return (
    `<table class="scorecard load-goals" data-table="load-goals" data-client="${escapeHtml(client.client)}">` +
    `<caption>Tail and overload: ${escapeHtml(client.client)}, the figures their goals judge</caption>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
