/**
 * Maps data values to pixels, and picks the ticks an axis labels. Latency spans four orders of
 * magnitude in one drill (a 1 ms baseline, a 5 s deadline), so its axis is logarithmic; error
 * rates and time are linear.
 */

/** A value-to-pixel mapping; values outside the domain are clamped to its edges. */
export type Scale = (value: number) => number;

export function linearScale(
  [d0, d1]: readonly [number, number],
  [r0, r1]: readonly [number, number],
): Scale {
  const span = d1 - d0 || 1;
  return (value) => r0 + ((clamp(value, d0, d1) - d0) / span) * (r1 - r0);
}

/** Both domain ends must be positive; values at or below zero land on the low end. */
export function logScale(
  [d0, d1]: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const linear = linearScale([Math.log10(d0), Math.log10(d1)], range);
  return (value) => linear(Math.log10(Math.max(value, d0)));
}

/**
 * The powers of ten that bracket `values` (and `include`, such as the deadline), at least one
 * decade apart: the domain of a latency axis and, one per decade, its ticks.
 */
export function decades(
  values: readonly number[],
  include: readonly number[] = [],
): { readonly domain: readonly [number, number]; readonly ticks: readonly number[] } {
  const positive = [...values, ...include].filter((v) => v > 0 && Number.isFinite(v));
  // Sub-microsecond latencies are noise; 0.01 ms is as low as an axis needs to go.
  const low = positive.length === 0 ? 0.1 : Math.max(Math.min(...positive), 0.01);
  const high = positive.length === 0 ? 1000 : Math.max(...positive);
  const lowExp = Math.floor(Math.log10(low));
  const highExp = Math.max(Math.ceil(Math.log10(high)), lowExp + 1);
  const ticks: number[] = [];
  for (let exp = lowExp; exp <= highExp; exp++) ticks.push(roundPowerOfTen(exp));
  return { domain: [roundPowerOfTen(lowExp), roundPowerOfTen(highExp)], ticks };
}

/** Steps a time axis may use, in ms: every tick on a whole number of seconds or minutes. */
const timeSteps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600].map(
  (s) => s * 1000,
);

/** Ticks from 0 to `endMs` on the smallest step that gives at most `maxTicks` of them. */
export function timeTicks(endMs: number, maxTicks = 12): readonly number[] {
  const step =
    timeSteps.find((s) => Math.floor(endMs / s) + 1 <= maxTicks) ?? timeSteps.at(-1) ?? 3_600_000;
  const ticks: number[] = [];
  for (let t = 0; t <= endMs + 1e-9; t += step) ticks.push(t);
  return ticks;
}

/** A time tick's label: "0 s", "30 s", "2 min", "2:30" (minutes and seconds). */
export function formatTimeTick(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const rest = seconds % 60;
  const minutes = Math.floor(seconds / 60);
  return rest === 0 ? `${minutes} min` : `${minutes}:${String(rest).padStart(2, '0')}`;
}

/** A latency tick's label: "0.1 ms", "10 ms", "1 s", "10 s". */
export function formatLatencyTick(ms: number): string {
  return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

function clamp(value: number, a: number, b: number): number {
  const [low, high] = a <= b ? [a, b] : [b, a];
  return Math.min(Math.max(value, low), high);
}

/** 10 ** exp without floating-point dust (10 ** -1 is 0.1, not 0.1000000000000001). */
function roundPowerOfTen(exp: number): number {
  return Number((10 ** exp).toPrecision(1));
}
