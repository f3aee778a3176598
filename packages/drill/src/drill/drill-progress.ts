import type { DrillClient, DrillSide, PhaseName } from './drill-results.ts';

/** One client side, so far in the current phase. */
export interface SideProgress {
  readonly client: DrillClient;
  readonly side: DrillSide;
  /** Calls started since the current phase began. */
  readonly calls: number;
  /** Of those calls, the ones that have failed so far. */
  readonly errors: number;
  /** Calls unsettled right now, whenever they started. */
  readonly inFlight: number;
}

/**
 * A snapshot of a running drill, for the progress display. Counts restart with each phase, so
 * the snapshot given to `phaseEnded` holds that phase's totals.
 */
export interface DrillProgress {
  readonly phase: PhaseName;
  /** 0-based. */
  readonly phaseIndex: number;
  readonly phaseCount: number;
  readonly faultOn: boolean;
  /** Since the drill's start. */
  readonly elapsedMs: number;
  /** The drill's planned length. */
  readonly totalMs: number;
  readonly sides: readonly SideProgress[];
}
