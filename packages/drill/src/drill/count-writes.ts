/** What the audit found of one side's writes, from what the service says it applied. */
export interface WriteCount {
  /** Acknowledged writes the service does not have. */
  readonly lost: number;
  /** Keys of writes the service applied more than once; null where repeats leave no trace. */
  readonly doubled: readonly string[] | null;
}

/**
 * Counts lost and doubled writes. A write is lost if it was acknowledged and the service has
 * none of it; doubled if the service applied it more than once, acknowledged or not (a write
 * that failed for the caller may still have been applied, twice).
 */
export function countWrites(input: {
  /** How many times the service applied each key (0 or absent: never). */
  readonly applied: ReadonlyMap<string, number>;
  readonly acknowledged: readonly string[];
  readonly written: readonly string[];
  /** Whether `applied` counts repeats; if not, doubled writes cannot be seen. */
  readonly countsRepeats: boolean;
}): WriteCount {
  const times = (key: string) => input.applied.get(key) ?? 0;
  const lost = input.acknowledged.filter((key) => times(key) === 0).length;
  const doubled = input.countsRepeats
    ? [...new Set(input.written)].filter((key) => times(key) > 1)
    : null;
  return { lost, doubled };
}
