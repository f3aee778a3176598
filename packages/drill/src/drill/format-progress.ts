import type { DrillProgress, SideProgress } from './drill-progress.ts';
import type { DrillClient, PhaseSpan } from './drill-results.ts';
import { formatTable } from '../text-table.ts';

/** `m:ss`, rounded down, as a stopwatch shows it. */
export function formatClock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function phaseLabel(index: number, count: number, span: PhaseSpan): string {
  return `phase ${index + 1}/${count} ${span.name}`;
}

/** `[0:47] phase 4/7 blackhole: no bytes pass, connections stay open` */
export function phaseStartLine(span: PhaseSpan, index: number, count: number): string {
  return `[${formatClock(span.startMs)}] ${phaseLabel(index, count, span)}: ${span.description}`;
}

function bySide(sides: readonly SideProgress[], client: DrillClient) {
  return {
    bulwark: sides.find((s) => s.client === client && s.side === 'bulwark'),
    raw: sides.find((s) => s.client === client && s.side === 'raw'),
  };
}

function failedOf(side: SideProgress | undefined): string {
  if (side === undefined) return 'not run';
  if (side.calls === 0) return 'no calls';
  return `${count(side.errors)} of ${count(side.calls)} failed`;
}

/** `[1:04] phase 4/7 blackhole done: postgres 3 of 1,234 failed (raw 400 of 1,200 failed); ...` */
export function phaseEndLine(span: PhaseSpan, progress: DrillProgress): string {
  const clients = span.clients.map((client) => {
    const { bulwark, raw } = bySide(progress.sides, client);
    return `${client} ${failedOf(bulwark)} (raw ${failedOf(raw)})`;
  });
  const label = phaseLabel(progress.phaseIndex, progress.phaseCount, span);
  return `[${formatClock(span.endMs)}] ${label} done: ${clients.join('; ')}`;
}

function faultNote(progress: DrillProgress): string {
  if (progress.phase === 'baseline') return '';
  return progress.faultOn ? ' (fault on)' : ' (fault off, recovering)';
}

/**
 * The live block: a header, the current fault's description when known, and a line per
 * client with both sides' calls, errors and calls in flight.
 */
export function progressBlock(progress: DrillProgress, span: PhaseSpan | undefined): string[] {
  const header =
    `phase ${progress.phaseIndex + 1}/${progress.phaseCount} ${progress.phase}${faultNote(progress)}` +
    `  ${formatClock(progress.elapsedMs)} / ${formatClock(progress.totalMs)}`;
  const lines = [header];
  if (span !== undefined && span.name === progress.phase) lines.push(`  ${span.description}`);
  const clients = [...new Set(progress.sides.map((s) => s.client))];
  const cells = (side: SideProgress | undefined) =>
    side === undefined
      ? ['-', '-', '-']
      : [count(side.calls), count(side.errors), count(side.inFlight)];
  const rows = clients.map((client) => {
    const { bulwark, raw } = bySide(progress.sides, client);
    return [client, ...cells(bulwark), ...cells(raw)];
  });
  const head = ['', 'bulwark calls', 'errors', 'in flight', 'raw calls', 'errors', 'in flight'];
  const align = ['left', 'right', 'right', 'right', 'right', 'right', 'right'] as const;
  return [...lines, ...formatTable([head, ...rows], { indent: 2, align })];
}
