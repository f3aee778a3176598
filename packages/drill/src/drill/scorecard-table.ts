import type {
  BrokenPromise,
  ClientResults,
  DrillResults,
  PhaseScore,
  SideResults,
} from './drill-results.ts';
import { drillSides } from './drill-results.ts';
import { brokenAuditCells, brokenScoreCells } from './broken-cells.ts';
import {
  formatAttempts,
  formatCount,
  formatMs,
  formatReached,
  formatRecovery,
  formatSuccess,
  formatTopErrors,
  notApplicable,
} from './format-score-cells.ts';
import { formatClock } from './format-progress.ts';
import { loadFigures } from './load-rows.ts';
import { maskUrl } from '../mask-url.ts';
import { formatTable, type Align, type TableCell } from '../text-table.ts';

export interface ScorecardOptions {
  /** ANSI colours: red for a promise at risk, green for a clean verdict (default false). */
  readonly color?: boolean;
}

/** The scorecard fits a 100-column terminal or CI log without wrapping. */
const maxWidth = 100;

type Paint = (text: string) => string;
interface Palette {
  readonly red: Paint;
  readonly green: Paint;
  readonly bold: Paint;
}
const sgr =
  (on: number, off: number): Paint =>
  (text) =>
    `\x1b[${on}m${text}\x1b[${off}m`;
const colours: Palette = { red: sgr(31, 39), green: sgr(32, 39), bold: sgr(1, 22) };
const plain: Palette = { red: (t) => t, green: (t) => t, bold: (t) => t };

function cut(text: string): string {
  return text.length <= maxWidth ? text : `${text.slice(0, maxWidth - 1)}…`;
}

/** Red where the verdict found a promise broken; the raw side is there to be compared. */
function flagged(text: string, bad: boolean, palette: Palette): TableCell {
  return bad ? { text, style: palette.red } : text;
}

function scoreRow(
  score: PhaseScore,
  side: SideResults,
  first: boolean,
  bad: ReadonlySet<string>,
  p: Palette,
): TableCell[] {
  return [
    first ? score.phase : '',
    side.side,
    flagged(formatSuccess(score), bad.has('success'), p),
    formatMs(score.p50Ms),
    formatMs(score.p99Ms),
    flagged(formatCount(score.hung), bad.has('hung'), p),
    formatAttempts(score.attemptsPerCall),
    score.breakerTransitions === null ? notApplicable : formatCount(score.breakerTransitions),
    flagged(formatRecovery(score), bad.has('recovery'), p),
    formatTopErrors(score.errors),
  ];
}

const none: ReadonlySet<string> = new Set();

const header = [
  'phase',
  'side',
  'success',
  'p50',
  'p99',
  'hung',
  'att/call',
  'breaker',
  'recovery',
  'top errors',
];
const align: readonly Align[] = ['left', 'left', ...Array<Align>(7).fill('right'), 'left'];

/**
 * Per side, each outage phase's share of calls that went out as attempts while the fault was
 * on (the `reached` row): a line of its own, as the table has no room for another column.
 */
function reachedRows(results: DrillResults, client: ClientResults, p: Palette): TableCell[][] {
  const sides = drillSides.flatMap((name) => client.sides.filter((s) => s.side === name));
  const rows = sides.map((side, i): TableCell[] => {
    const cells = side.phases.flatMap((score): TableCell[] => {
      if (score.faultCalls === null) return [];
      const ours = side.side === 'bulwark';
      const bad =
        ours && brokenScoreCells(results.broken, client.client, score.phase).has('reached');
      return [flagged(`${score.phase} ${formatReached(score)}`, bad, p)];
    });
    return [i === 0 ? 'reached' : '', side.side, ...cells];
  });
  return rows.some((row) => row.length > 2) ? rows : [];
}

/**
 * Per phase judged by latency and throughput (tail, overload), each side's figures for its
 * goals: a line each, as the table has no room for them.
 */
function loadRows(results: DrillResults, client: ClientResults, p: Palette): TableCell[][] {
  const sides = drillSides.flatMap((name) => client.sides.filter((s) => s.side === name));
  return results.phases.flatMap((span) =>
    sides.flatMap((side, i): TableCell[][] => {
      const score = side.phases.find((s) => s.phase === span.name);
      const figures = score === undefined ? [] : loadFigures(score);
      if (figures.length === 0) return [];
      const bad =
        side.side === 'bulwark' ? brokenScoreCells(results.broken, client.client, span.name) : none;
      const cells = figures.map((f) => flagged(f.text, f.cell !== undefined && bad.has(f.cell), p));
      return [[i === 0 ? span.name : '', side.side, ...cells]];
    }),
  );
}

function clientSection(results: DrillResults, client: ClientResults, p: Palette): string[] {
  const sides = drillSides.flatMap((name) => client.sides.filter((s) => s.side === name));
  const rows: TableCell[][] = [header];
  for (const span of results.phases) {
    let first = true;
    for (const side of sides) {
      const score = side.phases.find((s) => s.phase === span.name);
      if (score === undefined) continue;
      const bad =
        side.side === 'bulwark' ? brokenScoreCells(results.broken, client.client, span.name) : none;
      rows.push(scoreRow(score, side, first, bad, p));
      first = false;
    }
  }
  const auditBad = brokenAuditCells(results.broken, client.client);
  const audit = sides.map((side, i): TableCell[] => {
    const { leakedSockets, lostWrites, acknowledgedWrites, doubledWrites, attemptedWrites } =
      side.audit;
    const bad = side.side === 'bulwark' ? auditBad : none;
    // Null where a repeat leaves no trace: say so, unless nothing was written at all (HTTP).
    const unseen = attemptedWrites === 0 ? '' : 'doubled writes unseen';
    const doubled =
      doubledWrites === null ? unseen : `${formatCount(doubledWrites)} writes doubled`;
    return [
      i === 0 ? 'audit' : '',
      side.side,
      flagged(`${formatCount(leakedSockets)} leaked sockets`, bad.has('leaked'), p),
      flagged(
        `${formatCount(lostWrites)} of ${formatCount(acknowledgedWrites)} acknowledged writes lost`,
        bad.has('lost'),
        p,
      ),
      flagged(doubled, bad.has('doubled'), p),
    ];
  });
  const title = cut(`${client.client}  ${maskUrl(client.target)}  (times in ms)`);
  return [
    p.bold(title),
    ...formatTable(rows, { indent: 2, align, maxWidth }),
    ...formatTable(reachedRows(results, client, p), { indent: 2 }),
    ...formatTable(loadRows(results, client, p), { indent: 2 }),
    ...formatTable(audit, { indent: 2, align: ['left', 'left', 'right', 'right', 'right'] }),
  ];
}

/** Words, wrapped to the width with a hanging indent: details can be long, and must stay whole. */
function wrap(text: string, indent: string, hanging: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    const start = line === indent || line === hanging;
    if (!start && line.length + 1 + word.length > maxWidth) {
      lines.push(line);
      line = hanging;
    }
    line += line === indent || line === hanging ? word : ` ${word}`;
  }
  return [...lines, line];
}

function brokenLine(broken: BrokenPromise): string[] {
  const where = broken.phase === undefined ? broken.client : `${broken.client} ${broken.phase}`;
  return wrap(`- ${where}, ${broken.promise}: ${broken.detail}`, '  ', '    ');
}

function verdict(broken: readonly BrokenPromise[], p: Palette): string[] {
  if (broken.length === 0) return [p.green(p.bold('bulwark kept every promise'))];
  const count = broken.length === 1 ? '1 promise' : `${broken.length} promises`;
  return [p.red(p.bold(`bulwark broke ${count}:`)), ...broken.flatMap(brokenLine)];
}

/**
 * The drill's results as plain text: a table per client (phases by side: success, latency,
 * hung calls, attempts, breaker transitions, recovery, top errors), its audit, then the verdict.
 */
export function formatScorecard(results: DrillResults, options: ScorecardOptions = {}): string {
  const p = options.color === true ? colours : plain;
  const how = [
    results.quick ? 'quick' : 'full',
    results.mode === 'embedded' ? 'embedded services' : 'external services',
    `${formatClock(results.durationMs)} long`,
    `deadline ${formatCount(results.deadlineMs)} ms`,
  ].join(', ');
  const sections = results.clients.map((client) => clientSection(results, client, p));
  const lines = [
    p.bold(cut(`bulwark drill, ${results.startedAt}: ${how}`)),
    ...sections.flatMap((section) => ['', ...section]),
    '',
    ...verdict(results.broken, p),
  ];
  return `${lines.join('\n')}\n`;
}
