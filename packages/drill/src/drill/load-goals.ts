import type { PhaseScore } from './drill-results.ts';
import { formatCount, formatMs } from './format-score-cells.ts';
import type { PhaseBreach } from './raw-comparison.ts';

/** Under a slow tail, bulwark's reads' p99 is at most this share of the raw driver's. */
export const tailP99Share = 0.5;
/** ...for at most this many attempts past one per call, per call. */
export const extraAttemptsShare = 0.1;
/** Overloaded, bulwark serves in time at least this share of what the server can serve... */
export const goodputShare = 0.9;
/** ...its served calls' p99 at most this many times the server's p99 unloaded... */
export const servedP99Factor = 2;
/** ...and it refuses what the server cannot take within this, at p99, ms. */
export const refusalP99LimitMs = 1;

const percent = (share: number) => `${(Math.round(share * 1_000) / 10).toFixed(1)}%`;
const perSecond = (n: number) => `${n.toFixed(1)}/s`;

/** The tail phase: hedged reads cut the tail to half the raw driver's, for few extra attempts. */
function tailBreaches(bulwark: PhaseScore, raw: PhaseScore | undefined): PhaseBreach[] {
  const ours = bulwark.tail;
  if (ours === undefined) return [];
  const found: PhaseBreach[] = [];
  const theirs = raw?.tail;
  if (theirs !== undefined && theirs.readP99Ms !== null && ours.reads > 0) {
    const allowed = theirs.readP99Ms * tailP99Share;
    if (ours.readP99Ms === null || ours.readP99Ms > allowed) {
      const p99 = ours.readP99Ms === null ? 'none ended' : `${formatMs(ours.readP99Ms)} ms`;
      found.push({
        promise: 'cuts_the_tail',
        detail:
          `reads' p99 ${p99} while replies came late, raw ${formatMs(theirs.readP99Ms)} ms: ` +
          `at most ${formatMs(allowed)} ms (${percent(tailP99Share)} of raw's)`,
      });
    }
  }
  if (ours.extraAttempts !== null && ours.extraAttempts > extraAttemptsShare) {
    found.push({
      promise: 'hedges_sparingly',
      detail:
        `${percent(ours.extraAttempts)} extra attempts for ${formatCount(ours.calls)} calls ` +
        `(${formatCount(ours.hedges ?? 0)} hedges): at most ${percent(extraAttemptsShare)}`,
    });
  }
  return found;
}

/**
 * The overload phase: goodput near the server's capacity and no less than the raw driver's,
 * served calls about as fast as unloaded, and refusals at once.
 */
function overloadBreaches(bulwark: PhaseScore, raw: PhaseScore | undefined): PhaseBreach[] {
  const ours = bulwark.overload;
  if (ours === undefined) return [];
  const found: PhaseBreach[] = [];
  const needed = ours.capacityPerS * goodputShare;
  const rawGoodput = raw?.overload?.goodputPerS;
  if (ours.goodputPerS < needed || (rawGoodput !== undefined && ours.goodputPerS < rawGoodput)) {
    const rawPart = rawGoodput === undefined ? '' : `, raw ${perSecond(rawGoodput)}`;
    found.push({
      promise: 'keeps_goodput',
      detail:
        `served ${perSecond(ours.goodputPerS)} in time of a capacity of ${perSecond(ours.capacityPerS)}` +
        `${rawPart}: at least ${perSecond(needed)} (${percent(goodputShare)}) and raw's needed`,
    });
  }
  const allowedMs = ours.unloadedP99Ms * servedP99Factor;
  if (ours.servedP99Ms !== null && ours.servedP99Ms > allowedMs) {
    found.push({
      promise: 'bounds_latency',
      detail:
        `served calls' p99 ${formatMs(ours.servedP99Ms)} ms, the server's unloaded ` +
        `${formatMs(ours.unloadedP99Ms)} ms: at most ${formatMs(allowedMs)} ms (${servedP99Factor}×)`,
    });
  }
  if (ours.refusalP99Ms !== null && ours.refusalP99Ms >= refusalP99LimitMs) {
    found.push({
      promise: 'refuses_fast',
      detail:
        `${formatCount(ours.refused)} calls refused, p99 ${ours.refusalP99Ms.toFixed(2)} ms to ` +
        `say so: under ${refusalP99LimitMs} ms needed`,
    });
  }
  return found;
}

/**
 * The goals of the phases judged by latency and throughput (tail, overload), for bulwark's
 * score of one phase beside the raw driver's.
 */
export function loadBreaches(bulwark: PhaseScore, raw: PhaseScore | undefined): PhaseBreach[] {
  return [...tailBreaches(bulwark, raw), ...overloadBreaches(bulwark, raw)];
}
