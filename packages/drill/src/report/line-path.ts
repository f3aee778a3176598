/** A point of a line in pixels; `y` is null where there is no value (no call ended). */
export interface PathPoint {
  readonly x: number;
  readonly y: number | null;
}

/**
 * The `d` of an SVG path through `points`, broken wherever `y` is null: a slice with no value
 * is a gap in the line, never a drop to zero (a blackholed raw client has no latency at all,
 * which is not the same as a fast one). A point alone between two gaps becomes a zero-length
 * segment, which a round line cap draws as a dot.
 */
export function linePath(points: readonly PathPoint[]): string {
  const parts: string[] = [];
  let drawing = false;
  for (const [index, { x, y }] of points.entries()) {
    if (y === null) {
      drawing = false;
      continue;
    }
    const next = points[index + 1];
    const alone = !drawing && (next === undefined || next.y === null);
    parts.push(`${drawing ? 'L' : 'M'}${num(x)} ${num(y)}${alone ? 'h0' : ''}`);
    drawing = true;
  }
  return parts.join('');
}

/** Pixels with at most one decimal: enough for a crisp line, and a smaller document. */
export function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}
