import type { SideAudit } from './drill-results.ts';

/** A side's audit with nothing wrong and nothing written; tests override the figures they look at. */
export function cleanAudit(over: Partial<SideAudit> = {}): SideAudit {
  return {
    leakedSockets: 0,
    lostWrites: 0,
    acknowledgedWrites: 0,
    doubledWrites: 0,
    attemptedWrites: 0,
    ...over,
  };
}
