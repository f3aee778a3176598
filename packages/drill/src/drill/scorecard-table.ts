import type {
  BrokenPromise,
  ClientResults,
  DrillResults,
  PhaseScore,
  SideResults,
} from './drill-results.ts';
import { drillSides } from './drill-results.ts';
import {
  formatAttempts,
  formatCount,
  formatMs,
  formatRecovery,
  formatSuccess,
  formatTopErrors,
  notApplicable,
} from './format-score-cells.ts';
import { formatClock } from './format-progress.ts';
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

/** Red when bulwark's side shows a promise at risk; the raw side is there to be compared. */
function flagged(text: string, bad: boolean, palette: Palette): TableCell {
  return bad ? { text, style: palette.red } : text;
}

function scoreRow(score: PhaseScore, side: SideResults, first: boolean, p: Palette): TableCell[] {
  const ours = side.side === 'bulwark';
  const recovery = formatRecovery(score);
  return [
    first ? score.phase : '',
    side.side,
    formatSuccess(score),
    formatMs(score.p50Ms),
    formatMs(score.p99Ms),
    flagged(formatCount(score.hung), ours && score.hung > 0, p),
    formatAttempts(score.attemptsPerCall),
    score.breakerTransitions === null ? notApplicable : formatCount(score.breakerTransitions),
    flagged(recovery, ours && recovery === 'never', p),
    formatTopErrors(score.errors),
  ];
}

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

function clientSection(results: DrillResults, client: ClientResults, p: Palette): string[] {
  const sides = drillSides.flatMap((name) => client.sides.filter((s) => s.side === name));
  const rows: TableCell[][] = [header];
  for (const span of results.phases) {
    let first = true;
    for (const side of sides) {
      const score = side.phases.find((s) => s.phase === span.name);
      if (score === undefined) continue;
      rows.push(scoreRow(score, side, first, p));
      first = false;
    }
  }
  const audit = sides.map((side, i): TableCell[] => {
    const { leakedSockets, lostWrites, acknowledgedWrites } = side.audit;
    const ours = side.side === 'bulwark';
    return [
      i === 0 ? 'audit' : '',
      side.side,
      flagged(`${formatCount(leakedSockets)} leaked sockets`, ours && leakedSockets > 0, p),
      flagged(
        `${formatCount(lostWrites)} of ${formatCount(acknowledgedWrites)} acknowledged writes lost`,
        ours && lostWrites > 0,
        p,
      ),
    ];
  });
  const title = cut(`${client.client}  ${maskUrl(client.target)}  (times in ms)`);
  return [
    p.bold(title),
    ...formatTable(rows, { indent: 2, align, maxWidth }),
    ...formatTable(audit, { indent: 2, align: ['left', 'left', 'right', 'right'] }),
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
