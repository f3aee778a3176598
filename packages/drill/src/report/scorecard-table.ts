import { phaseNames } from '../drill/drill-results.ts';
import type { ClientResults, PhaseScore, SideResults } from '../drill/drill-results.ts';
import { escapeHtml } from './escape-html.ts';
import { formatMs, formatNumber, formatPercent, missing } from './format.ts';

const headings = [
  'phase',
  'side',
  'calls',
  'success',
  'p50',
  'p99',
  'hung',
  'attempts / call',
  'breaker transitions',
  'recovery',
  'errors by kind',
];

/**
 * A client's scorecard: one row per phase and side, bulwark above raw, so each figure compares
 * with the one below it. Figures that break a promise (a hung call, no recovery) are marked.
 */
export function renderScorecard(client: ClientResults): string {
  const rows = phaseNames.flatMap((phase) => {
    const scored = client.sides.flatMap((side) => {
      const score = side.phases.find((p) => p.phase === phase);
      return score === undefined ? [] : [{ side, score }];
    });
    return scored.map(({ side, score }, index) =>
      renderRow(side, score, index === 0 ? scored.length : 0),
    );
  });
  const head = headings.map((h) => `<th scope="col">${h}</th>`).join('');
  return (
    `<table class="scorecard" data-table="scorecard" data-client="${escapeHtml(client.client)}">` +
    `<caption>Scorecard: ${escapeHtml(client.client)}, per phase</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/** `phaseRows` > 0 opens a phase: its name spans that many rows. */
function renderRow(side: SideResults, score: PhaseScore, phaseRows: number): string {
  const phaseCell =
    phaseRows > 0
      ? `<th scope="rowgroup" rowspan="${phaseRows}" class="phase">${escapeHtml(score.phase)}</th>`
      : '';
  const cells = [
    `<td class="side"><span class="dot ${escapeHtml(side.side)}"></span>${escapeHtml(side.side)}</td>`,
    num(String(score.calls)),
    num(formatPercent(score.successRate)),
    num(formatMs(score.p50Ms)),
    num(formatMs(score.p99Ms)),
    num(String(score.hung), score.hung > 0),
    num(formatNumber(score.attemptsPerCall)),
    num(score.breakerTransitions === null ? missing : String(score.breakerTransitions)),
    num(
      score.recoveryMs === null ? 'never' : formatMs(score.recoveryMs),
      score.recoveryMs === null,
    ),
    `<td class="errors">${renderErrors(score.errors)}</td>`,
  ];
  const first = phaseRows > 0 ? ' class="phase-start"' : '';
  return `<tr${first}>${phaseCell}${cells.join('')}</tr>`;
}

/** "timeout 12 · connection 3", most frequent first; "none" when there were none. */
export function renderErrors(errors: Readonly<Record<string, number>>): string {
  const kinds = Object.entries(errors)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (kinds.length === 0) return '<span class="none">none</span>';
  return kinds
    .map(([kind, count]) => `<span class="kind">${escapeHtml(kind)}&nbsp;${count}</span>`)
    .join(' · ');
}

function num(text: string, bad = false): string {
  return `<td class="num${bad ? ' bad' : ''}">${escapeHtml(text)}</td>`;
}
