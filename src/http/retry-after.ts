/**
 * Reads a Retry-After header (RFC 9110, 10.2.3): delay-seconds or an HTTP-date. Returns the
 * delay in ms, or undefined when the header is absent or not understood. `now` is wall-clock
 * time, because an HTTP-date is.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now = Date.now(),
): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  // An HTTP-date names its month; without this, Date.parse would read "-5" as a year.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
