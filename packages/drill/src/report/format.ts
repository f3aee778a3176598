/**
 * How the report writes numbers for people: durations in ms below a second and in seconds above,
 * rates as percentages, and a dash for a figure that does not exist (null), never "0".
 */

/** Shown for a figure that does not exist (no call ended, a raw client has no breaker). */
export const missing = '—';

/** A latency: "0.42 ms", "12 ms", "340 ms", "1.25 s", "30 s". */
export function formatMs(ms: number | null): string {
  if (ms === null) return missing;
  if (ms < 1) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 10) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${trim(seconds.toFixed(seconds < 10 ? 2 : seconds < 100 ? 1 : 0))} s`;
}

/** A span of wall time, for the header: "45 s", "3 min 30 s", "1 h 2 min". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds} s`;
  const seconds = totalSeconds % 60;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60)
    return seconds === 0 ? `${totalMinutes} min` : `${totalMinutes} min ${seconds} s`;
  const minutes = totalMinutes % 60;
  const hours = Math.floor(totalMinutes / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/**
 * A rate 0..1 as a percentage, with the decimals it takes not to round a failure away: 0.9996
 * is "99.96 %", and only a rate of exactly 1 is "100 %".
 */
export function formatPercent(rate: number | null): string {
  if (rate === null) return missing;
  if (rate >= 1) return '100 %';
  if (rate <= 0) return '0 %';
  const percent = rate * 100;
  const text = percent >= 99.95 || percent < 0.05 ? percent.toFixed(2) : percent.toFixed(1);
  if (text === '100.00') return '> 99.99 %';
  if (text === '0.00') return '< 0.01 %';
  return `${trim(text)} %`;
}

/** A plain count or ratio: "1.8", "12", or the dash for null. */
export function formatNumber(value: number | null, digits = 2): string {
  if (value === null) return missing;
  return trim(value.toFixed(digits));
}

/** Drops trailing zeros after a decimal point: "1.50" → "1.5", "2.00" → "2". */
function trim(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
