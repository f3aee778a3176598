/**
 * One log method in pino's `(mergingObject, message)` call form: the object's fields become
 * the record's fields and the message its `msg`.
 */
export type LogMethod = (fields: object, message?: string) => void;

/**
 * The few logger methods bulwark writes to. A pino logger (or a child of one) fits as is, and
 * so does any logger with the same call form (bunyan, or a thin wrapper around another), so
 * the library never has to load a logging package itself.
 */
export interface LoggerLike {
  /** Routine detail: successful attempts and calls. */
  readonly debug: LogMethod;
  /** Worth knowing, not worth waking for: failed attempts, a circuit closing again. */
  readonly info: LogMethod;
  /** Something is degrading: retries, rejections, timeouts. */
  readonly warn: LogMethod;
  /** A call failed for its caller, or a circuit opened. */
  readonly error: LogMethod;
}

/** The level a record is written at: a {@link LoggerLike} method name. */
export type LogLevel = keyof LoggerLike;
