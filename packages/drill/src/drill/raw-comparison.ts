import type { PhaseScore, PromiseName } from './drill-results.ts';
import { formatCount } from './format-score-cells.ts';

/** A promise broken in one phase, before the client is named. */
export interface PhaseBreach {
  readonly promise: PromiseName;
  readonly detail: string;
}

/** Where the raw driver serves at least this share of calls with none hung, the service works. */
export const workingServicePercent = 99;
/** How many points of success rate below the raw driver's bulwark may fall where it works. */
export const servedMarginPercent = 1;
/** How much later than the raw driver bulwark may recover after any fault, ms. */
export const recoveryMarginMs = 250;
/** Under flapping, bulwark serves at least this share of what the raw driver serves. */
export const flappingPercent = 90;

const percent = (rate: number) => `${(Math.floor(rate * 1000) / 10).toFixed(1)}%`;
const ofCalls = (n: number, calls: number) =>
  `${formatCount(n)} of ${formatCount(calls)} (${percent(calls === 0 ? 0 : n / calls)})`;

/**
 * Where the service works (raw served at least 99% with no hung call, in a phase that breaks no
 * connection), bulwark serves at least
 * raw's share less one point. Served, on both sides: succeeded within the deadline itself and
 * not a write applied twice; a raw call that answered after the deadline served no caller that
 * holds to one (in a short blackhole raw can ride the fault out, late, and look like 100%).
 * The raw driver made its calls at the same pace, but a phase's edges can give one side a call
 * or two more, so the sides are compared as rates, each over its own calls: "raw's successes
 * less 1% of the phase's calls" is raw's rate less 0.01. The products below are those
 * comparisons with the denominators multiplied out, so that no float rounds a tie away.
 */
function servesAsRaw(bulwark: PhaseScore, raw: PhaseScore): PhaseBreach | undefined {
  // Flapping breaks connections: it has a rule of its own (servesThroughFlapping). There a raw
  // driver that resends the writes a reset cut off (ioredis does) can serve nearly every call,
  // where bulwark fails a write it cannot know the fate of rather than risk applying it twice.
  if (bulwark.phase === 'flapping') return undefined;
  const working =
    raw.calls > 0 && raw.hung === 0 && raw.served * 100 >= workingServicePercent * raw.calls;
  if (!working || bulwark.calls === 0) return undefined;
  // bulwark.served / bulwark.calls >= raw.served / raw.calls - margin / 100
  const margin = servedMarginPercent;
  const holds =
    bulwark.served * 100 * raw.calls >= (raw.served * 100 - margin * raw.calls) * bulwark.calls;
  if (holds) return undefined;
  const needed = raw.served / raw.calls - margin / 100;
  return {
    promise: 'serves_as_raw',
    detail:
      `served ${ofCalls(bulwark.served, bulwark.calls)} in time, raw ${ofCalls(raw.served, raw.calls)} ` +
      `with none hung: at least ${percent(needed)} needed`,
  };
}

/** A fault that raw never recovered from sets no bound; bulwark never recovering is `recovers`. */
function recoversAsRaw(bulwark: PhaseScore, raw: PhaseScore): PhaseBreach | undefined {
  if (bulwark.recoveryMs === null || raw.recoveryMs === null) return undefined;
  const allowedMs = raw.recoveryMs + recoveryMarginMs;
  if (bulwark.recoveryMs <= allowedMs) return undefined;
  return {
    promise: 'recovers_as_raw',
    detail:
      `recovered in ${formatCount(Math.round(bulwark.recoveryMs))} ms, raw in ` +
      `${formatCount(Math.round(raw.recoveryMs))} ms: at most ${formatCount(Math.round(allowedMs))} ms allowed`,
  };
}

/** Served as in {@link servesAsRaw}, compared as rates in the same way. */
function servesThroughFlapping(bulwark: PhaseScore, raw: PhaseScore): PhaseBreach | undefined {
  if (bulwark.phase !== 'flapping' || bulwark.calls === 0 || raw.calls === 0) return undefined;
  // bulwark.served / bulwark.calls >= (share / 100) * raw.served / raw.calls
  const share = flappingPercent;
  if (bulwark.served * 100 * raw.calls >= share * raw.served * bulwark.calls) return undefined;
  const needed = (share / 100) * (raw.served / raw.calls);
  return {
    promise: 'serves_through_flapping',
    detail:
      `served ${ofCalls(bulwark.served, bulwark.calls)} in time, raw ${ofCalls(raw.served, raw.calls)} ` +
      `(its late calls and doubled writes left out): at least ${percent(needed)} needed`,
  };
}

/** The promises bulwark broke in one phase against the raw driver's figures for it. */
export function breachesAgainstRaw(bulwark: PhaseScore, raw: PhaseScore): PhaseBreach[] {
  const found = [servesAsRaw, recoversAsRaw, servesThroughFlapping].map((rule) =>
    rule(bulwark, raw),
  );
  return found.filter((breach) => breach !== undefined);
}
