import type { BrokenPromise, ClientResults } from './drill-results.ts';

/**
 * The promises bulwark broke: a call that hung past its deadline, a socket left open after
 * close, an acknowledged write the service does not have, a phase it never recovered from.
 * Raw clients make no promises; their figures are for comparison.
 */
export function brokenPromises(clients: readonly ClientResults[]): BrokenPromise[] {
  const broken: BrokenPromise[] = [];
  for (const { client, sides } of clients) {
    const bulwark = sides.find((side) => side.side === 'bulwark');
    if (!bulwark) continue;
    for (const score of bulwark.phases) {
      if (score.hung > 0) {
        const detail = `${score.hung} of ${score.calls} calls hung past the deadline`;
        broken.push({ client, phase: score.phase, promise: 'no_hang', detail });
      }
      if (score.recoveryMs === null) {
        const detail = 'no call succeeded after the fault ended';
        broken.push({ client, phase: score.phase, promise: 'recovers', detail });
      }
    }
    const { leakedSockets, lostWrites, acknowledgedWrites } = bulwark.audit;
    if (leakedSockets > 0) {
      const detail = `${leakedSockets} socket(s) still open after close()`;
      broken.push({ client, phase: undefined, promise: 'no_leak', detail });
    }
    if (lostWrites > 0) {
      const detail = `${lostWrites} of ${acknowledgedWrites} acknowledged writes are missing`;
      broken.push({ client, phase: undefined, promise: 'no_lost_write', detail });
    }
  }
  return broken;
}
