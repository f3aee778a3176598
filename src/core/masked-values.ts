/**
 * A driver's error can repeat the values a call sent (`invalid input syntax for type integer:
 * "hunter2"`), and it becomes an UpstreamError's `cause`, which loggers write out with the
 * error (pino's `err` serializer appends every cause's message and stack). A client masks such
 * fields in place, keeping the error's class and every other field, and the originals stay
 * reachable through {@link unmaskedFields} for the caller who needs them.
 */
const originals = new WeakMap<object, Readonly<Record<string, string>>>();

/** Replaces `error`'s string fields by their masked text (the stack's copy of the message too). */
export function maskFields(error: object, masked: Readonly<Record<string, string>>): void {
  const fields = error as Record<string, unknown>;
  const kept: Record<string, string> = { ...originals.get(error) };
  for (const [field, text] of Object.entries(masked)) {
    const value = fields[field];
    if (typeof value !== 'string' || value === text) continue;
    kept[field] ??= value;
    fields[field] = text;
    const stack = fields['stack'];
    if (field === 'message' && typeof stack === 'string')
      fields['stack'] = stack.replace(value, text);
  }
  if (Object.keys(kept).length > 0) originals.set(error, kept);
}

/**
 * The fields of a driver's error as they were before bulwark masked the values in them (for
 * `error.cause`), or undefined when nothing was masked. They may carry secrets: never log them.
 *
 * @example
 * ```ts
 * const original = unmaskedFields(error.cause)?.['message'] ?? error.cause.message;
 * ```
 */
export function unmaskedFields(error: unknown): Readonly<Record<string, string>> | undefined {
  return typeof error === 'object' && error !== null ? originals.get(error) : undefined;
}
