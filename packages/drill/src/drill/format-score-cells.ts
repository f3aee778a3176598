/**
 * The scorecard's cells, each a short string: numbers people compare at a glance, "—" where a
 * figure does not apply.
 */
import type { PhaseScore } from './drill-results.ts';

export const notApplicable = '—';

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Milliseconds: one decimal below 10 ms, whole above. */
export function formatMs(ms: number | null): string {
  if (ms === null) return notApplicable;
  return ms < 10 ? ms.toFixed(1) : formatCount(Math.round(ms));
}

/**
 * Rounded down, so a phase with a single failure never shows as 100%: "100%" means every call
 * succeeded.
 */
export function formatSuccess(score: PhaseScore): string {
  if (score.successRate === null || score.calls === 0) return notApplicable;
  if (score.succeeded === score.calls) return '100%';
  return `${(Math.floor(score.successRate * 1000) / 10).toFixed(1)}%`;
}

export function formatAttempts(attemptsPerCall: number | null): string {
  return attemptsPerCall === null ? notApplicable : attemptsPerCall.toFixed(2);
}

/**
 * Of the calls made while an outage was on, the share that went out as attempts (retries
 * count, so it can pass 100%), then bulwark's recovery checks in that time: "1.7% +58 checks".
 * "—" where the phase is no outage or attempts cannot be seen.
 */
export function formatReached(score: PhaseScore): string {
  const { faultCalls, faultAttempts, faultChecks } = score;
  if (faultCalls === null || faultAttempts === null) return notApplicable;
  const checks = faultChecks === null ? '' : ` +${formatCount(faultChecks)} checks`;
  if (faultCalls === 0) return (faultAttempts === 0 ? notApplicable : '∞') + checks;
  const percent = (faultAttempts / faultCalls) * 100;
  return `${percent < 10 ? percent.toFixed(1) : formatCount(Math.round(percent))}%${checks}`;
}

/** "never" only where there was a fault to recover from: the baseline has none. */
export function formatRecovery(score: PhaseScore): string {
  if (score.phase === 'baseline' || score.calls === 0) return notApplicable;
  return score.recoveryMs === null ? 'never' : formatCount(Math.round(score.recoveryMs));
}

/** The most frequent error kinds first: "timeout 12, connection 3 +2". */
export function formatTopErrors(errors: Readonly<Record<string, number>>, top = 2): string {
  const kinds = Object.entries(errors)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = kinds.slice(0, top).map(([kind, count]) => `${kind} ${formatCount(count)}`);
  const more = kinds.length > top ? ` +${kinds.length - top}` : '';
  return shown.join(', ') + more;
}
