import type {
  BrokenPromise,
  ClientResults,
  DrillClient,
  PhaseScore,
  SideAudit,
} from './drill-results.ts';
import { formatCount } from './format-score-cells.ts';
import { loadBreaches } from './load-goals.ts';
import { breachesAgainstRaw, type PhaseBreach } from './raw-comparison.ts';

/** While an outage lasts, at most one call in this many may reach the service as an attempt. */
export const callsPerFaultAttempt = 10;

/**
 * While an outage lasts, recovery checks go out at most once per this many ms (bulwark's
 * default check interval, which the drill keeps): enough to see the service back as soon as
 * the raw driver does, too few to load it. Redis's check is a PING, which costs the server
 * next to nothing, so it comes four times as often.
 */
export const checkSpacingMs: Readonly<Record<DrillClient, number>> = {
  s3: 200,
  postgres: 200,
  redis: 50,
  http: 200,
};

/** What bulwark promises in any phase, whatever the raw driver did. */
function ownBreaches(score: PhaseScore, spacingMs: number): PhaseBreach[] {
  const found: PhaseBreach[] = [];
  if (score.hung > 0) {
    const detail = `${formatCount(score.hung)} of ${formatCount(score.calls)} calls hung past the deadline`;
    found.push({ promise: 'no_hang', detail });
  }
  if (score.recoveryMs === null) {
    found.push({ promise: 'recovers', detail: 'no call succeeded after the fault ended' });
  }
  const { faultCalls, faultAttempts } = score;
  if (faultCalls !== null && faultAttempts !== null) {
    if (faultAttempts * callsPerFaultAttempt > faultCalls) {
      const allowed = Math.floor(faultCalls / callsPerFaultAttempt);
      const detail =
        `${formatCount(faultAttempts)} attempts went out while the fault was on, for ` +
        `${formatCount(faultCalls)} calls made: at most ${formatCount(allowed)} (one in ${callsPerFaultAttempt})`;
      found.push({ promise: 'spares_the_service', detail });
    }
  }
  const { faultChecks, faultMs } = score;
  if (faultChecks !== null && faultMs !== null) {
    // One more than the fault's length allows: a check may go out as the fault begins.
    const allowed = Math.floor(faultMs / spacingMs) + 1;
    if (faultChecks > allowed) {
      const detail =
        `${formatCount(faultChecks)} recovery checks went out in ${formatCount(faultMs)} ms ` +
        `of fault: at most ${formatCount(allowed)} (one per ${spacingMs} ms)`;
      found.push({ promise: 'checks_sparingly', detail });
    }
  }
  return found;
}

function auditBreaches(audit: SideAudit): PhaseBreach[] {
  const found: PhaseBreach[] = [];
  const { leakedSockets, lostWrites, acknowledgedWrites, doubledWrites, attemptedWrites } = audit;
  if (leakedSockets > 0) {
    const detail = `${leakedSockets} socket(s) still open after close()`;
    found.push({ promise: 'no_leak', detail });
  }
  if (lostWrites > 0) {
    const detail = `${lostWrites} of ${acknowledgedWrites} acknowledged writes are missing`;
    found.push({ promise: 'no_lost_write', detail });
  }
  if (doubledWrites !== null && doubledWrites > 0) {
    const detail = `${doubledWrites} of ${attemptedWrites} writes were applied more than once`;
    found.push({ promise: 'no_double_write', detail });
  }
  return found;
}

/**
 * The promises bulwark broke. Its own: no call hangs past its deadline, every fault is recovered
 * from, an outage is spared (at most one attempt in ten calls while it lasts, and recovery
 * checks at most one per 200 ms, Redis's PINGs one per 50 ms), no socket is
 * left open, no acknowledged write is lost and none is applied twice. And against the raw
 * driver in the same phase: where raw works, bulwark serves as much (less 1% of the calls); it
 * recovers at most 250 ms after raw; under flapping it serves 90% of what raw serves in time.
 * Under a slow tail and under overload, the goals of load-goals.ts.
 * Raw clients make no promises; their figures are for comparison.
 */
export function brokenPromises(clients: readonly ClientResults[]): BrokenPromise[] {
  const broken: BrokenPromise[] = [];
  for (const { client, sides } of clients) {
    const bulwark = sides.find((side) => side.side === 'bulwark');
    if (!bulwark) continue;
    const raw = sides.find((side) => side.side === 'raw');
    for (const score of bulwark.phases) {
      const rawScore = raw?.phases.find((s) => s.phase === score.phase);
      const breaches = [
        ...ownBreaches(score, checkSpacingMs[client]),
        ...(rawScore === undefined ? [] : breachesAgainstRaw(score, rawScore)),
        ...loadBreaches(score, rawScore),
      ];
      for (const breach of breaches) broken.push({ client, phase: score.phase, ...breach });
    }
    for (const breach of auditBreaches(bulwark.audit)) {
      broken.push({ client, phase: undefined, ...breach });
    }
  }
  return broken;
}
