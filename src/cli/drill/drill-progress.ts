import type { DrillClient, DrillSide, PhaseName } from './drill-results.ts';

/** One client side's running totals, for the live display. */
export interface SideProgress {
  readonly client: DrillClient;
  readonly side: DrillSide;
  readonly calls: number;
  readonly errors: number;
  readonly inFlight: number;
}

/** Where a running drill stands. */
export interface DrillProgress {
  readonly phase: PhaseName;
  readonly phaseIndex: number;
  readonly phaseCount: number;
  readonly faultOn: boolean;
  readonly elapsedMs: number;
  readonly totalMs: number;
  readonly sides: readonly SideProgress[];
}
