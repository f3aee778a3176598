/** What an operation is given for each attempt. */
export interface Attempt {
  /**
   * Aborts when this attempt times out, the overall deadline passes, or the caller aborts.
   * Pass it to the real I/O (the SDK's abortSignal, a request's signal) so the work stops and
   * its socket is freed. Created on first read, so an operation that ignores it costs nothing.
   */
  readonly signal: AbortSignal;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** The time this attempt may take, in ms (Infinity when unbounded); a driver can hand it to the server, as a statement timeout for instance. */
  readonly timeoutMs: number;
}

/** The work a pipeline runs: one attempt at the real call. */
export type Operation<T> = (attempt: Attempt) => Promise<T>;
