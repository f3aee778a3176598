import type { BreakerTransition, DrillClient, DrillSide } from './drill-results.ts';

/** One logical call the drill made, and how it ended (ms since the drill's start). */
export interface CallRecord {
  readonly startMs: number;
  /** Unset while the call is in flight. */
  endMs: number | undefined;
  ok: boolean;
  /** The error's kind, in bulwark's words for both sides (`timeout`, `connection`...). */
  kind: string | undefined;
  /** The key a write call wrote; absent for a read. */
  write?: string | undefined;
}

/** Everything one client side did during a drill; the scorecard is computed from it. */
export class SideLog {
  readonly client: DrillClient;
  readonly side: DrillSide;
  readonly calls: CallRecord[] = [];
  /** When each attempt of a call went out, where attempts can be counted. */
  readonly attemptTimes: number[] = [];
  /** When each of bulwark's recovery checks went out (made by no call, they are no attempts). */
  readonly checkTimes: number[] = [];
  /** False where attempts cannot be seen (a raw driver behind a plain TCP proxy). */
  attemptsCounted = false;
  readonly breaker: BreakerTransition[] = [];
  /** bulwark's hedges, as it reported them: when, and how each ended (`sent`, `won`, `lost`). */
  readonly hedges: Array<{ readonly atMs: number; readonly outcome: string }> = [];
  /** bulwark's concurrency limit, each time it was read to differ from the last reading. */
  readonly limits: Array<{ readonly atMs: number; readonly limit: number }> = [];
  /** Keys of writes the client reported done. */
  readonly acknowledged: string[] = [];
  /** Keys of every write the client was asked for, done or not: any may have been applied. */
  readonly written: string[] = [];
  inFlight = 0;
  errors = 0;

  constructor(client: DrillClient, side: DrillSide) {
    this.client = client;
    this.side = side;
  }

  /** Starts recording a call (a write when `write` names its key); {@link settle} finishes it. */
  begin(nowMs: number, write?: string): CallRecord {
    const record: CallRecord = { startMs: nowMs, endMs: undefined, ok: false, kind: undefined };
    if (write !== undefined) {
      record.write = write;
      this.written.push(write);
    }
    this.calls.push(record);
    this.inFlight++;
    return record;
  }

  settle(record: CallRecord, nowMs: number, kind: string | undefined): void {
    record.endMs = nowMs;
    record.ok = kind === undefined;
    record.kind = kind;
    this.inFlight--;
    if (kind !== undefined) this.errors++;
  }
}
