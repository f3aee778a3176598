import type { BrokenPromise, DrillClient, PhaseName, PromiseName } from './drill-results.ts';

/** The cells of bulwark's scorecard row that a broken promise marks. */
export type ScoreCell =
  | 'success'
  | 'hung'
  | 'recovery'
  | 'reached'
  | 'readP99'
  | 'extraAttempts'
  | 'goodput'
  | 'servedP99'
  | 'refusalP99';
/** The cells of bulwark's audit row that a broken promise marks. */
export type AuditCell = 'leaked' | 'lost' | 'doubled';

/** Which figure shows each promise broken: the one a reader checks the rule against. */
const cellOf: Readonly<Record<PromiseName, ScoreCell | AuditCell>> = {
  no_hang: 'hung',
  recovers: 'recovery',
  recovers_as_raw: 'recovery',
  serves_as_raw: 'success',
  serves_through_flapping: 'success',
  spares_the_service: 'reached',
  checks_sparingly: 'reached',
  cuts_the_tail: 'readP99',
  hedges_sparingly: 'extraAttempts',
  keeps_goodput: 'goodput',
  bounds_latency: 'servedP99',
  refuses_fast: 'refusalP99',
  no_leak: 'leaked',
  no_lost_write: 'lost',
  no_double_write: 'doubled',
};

const scoreCells: ReadonlySet<string> = new Set<ScoreCell>([
  'success',
  'hung',
  'recovery',
  'reached',
  'readP99',
  'extraAttempts',
  'goodput',
  'servedP99',
  'refusalP99',
]);

/**
 * The cells of bulwark's row for `phase` to mark red, from the verdict itself: the scorecard
 * and the report mark exactly what `broken` lists, never a judgement of their own.
 */
export function brokenScoreCells(
  broken: readonly BrokenPromise[],
  client: DrillClient,
  phase: PhaseName,
): ReadonlySet<ScoreCell> {
  const cells = broken
    .filter((b) => b.client === client && b.phase === phase)
    .map((b) => cellOf[b.promise])
    .filter((cell): cell is ScoreCell => scoreCells.has(cell));
  return new Set(cells);
}

/** The cells of bulwark's audit row to mark red. */
export function brokenAuditCells(
  broken: readonly BrokenPromise[],
  client: DrillClient,
): ReadonlySet<AuditCell> {
  const cells = broken
    .filter((b) => b.client === client && b.phase === undefined)
    .map((b) => cellOf[b.promise])
    .filter((cell): cell is AuditCell => !scoreCells.has(cell));
  return new Set(cells);
}
