import { brokenScoreCells } from '../drill/broken-cells.ts';
import { phaseNames } from '../drill/drill-results.ts';
import type {
  BrokenPromise,
  ClientResults,
  PhaseScore,
  SideResults,
} from '../drill/drill-results.ts';
import { formatReached } from '../drill/format-score-cells.ts';
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
  'reached in outage',
  'breaker transitions',
  'recovery',
  'errors by kind',
];

/**
 * A client's scorecard: one row per phase and side, bulwark above raw, so each figure compares
 * with the one below it. bulwark's figures of a broken promise (as the verdict lists them) are
 * marked, and the raw side's hung calls and missed recoveries.
 */
export function renderScorecard(client: ClientResults, broken: readonly BrokenPromise[]): string {
  const rows = phaseNames.flatMap((phase) => {
    const scored = client.sides.flatMap((side) => {
      const score = side.phases.find((p) => p.phase === phase);
      return score === undefined ? [] : [{ side, score }];
    });
    const bad = brokenScoreCells(broken, client.client, phase);
    return scored.map(({ side, score }, index) =>
      renderRow(
        side,
        score,
        index === 0 ? scored.length : 0,
        side.side === 'bulwark' ? bad : rawMarks(score),
      ),
    );
  });
  const head = headings.map((h) => `<th scope="col">${h}</th>`).join('');
  return (
    `<table class="scorecard" data-table="scorecard" data-client="${escapeHtml(client.client)}">` +
    `<caption>Scorecard: ${escapeHtml(client.client)}, per phase</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

/**
 * The raw side makes no promises, but its hung calls and a fault it never recovered from are
 * marked all the same: they are what bulwark is there to prevent.
 */
function rawMarks(score: PhaseScore): ReadonlySet<string> {
  const marks = new Set<string>();
  if (score.hung > 0) marks.add('hung');
  if (score.recoveryMs === null) marks.add('recovery');
  return marks;
}

/** `phaseRows` > 0 opens a phase: its name spans that many rows. */
function renderRow(
  side: SideResults,
  score: PhaseScore,
  phaseRows: number,
  bad: ReadonlySet<string>,
): string {
  const phaseCell =
    phaseRows > 0
      ? `<th scope="rowgroup" rowspan="${phaseRows}" class="phase">${escapeHtml(score.phase)}</th>`
      : '';
  const cells = [
    `<td class="side"><span class="dot ${escapeHtml(side.side)}"></span>${escapeHtml(side.side)}</td>`,
    num(String(score.calls)),
    num(formatPercent(score.successRate), bad.has('success')),
    num(formatMs(score.p50Ms)),
    num(formatMs(score.p99Ms)),
    num(String(score.hung), bad.has('hung')),
    num(formatNumber(score.attemptsPerCall)),
    num(formatReached(score), bad.has('reached')),
    num(score.breakerTransitions === null ? missing : String(score.breakerTransitions)),
    num(score.recoveryMs === null ? 'never' : formatMs(score.recoveryMs), bad.has('recovery')),
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
