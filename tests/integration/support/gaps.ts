/** Milliseconds between successive times (request arrivals, say): the delays a retry kept. */
export const gaps = (times: readonly number[]) => times.slice(1).map((t, i) => t - (times[i] ?? t));
