import { socketsSettle } from 'bulwark/testkit';
import { countWrites } from './count-writes.ts';
import type { SideAudit } from './drill-results.ts';
import type { DrivenSide } from './driven-side.ts';
import type { Workload } from './workloads/workload.ts';

/** A side's audit, and the keys of the writes the service applied more than once. */
export interface AuditFindings {
  readonly audit: SideAudit;
  /** The scores leave these out of what was served: the caller got a write done twice. */
  readonly doubled: ReadonlySet<string>;
}

/**
 * Closes a side's clients, counts the sockets left open, and asks the service about every
 * write sent: acknowledged ones it lacks, and any it applied more than once.
 */
export async function auditSide(driven: DrivenSide, workload: Workload): Promise<AuditFindings> {
  await driven.close(2_000);
  // The station's address, and any server the side was diverted to (the overload phase's).
  const ports = [...new Set(driven.addresses.map((address) => address.port))];
  const leaked = await Promise.all(ports.map((port) => socketsSettle(port, 0, 3_000)));
  const leakedSockets = leaked.reduce((sum, n) => sum + n, 0);
  const { acknowledged, written, side } = driven.log;
  const applied =
    workload.writes && written.length > 0
      ? await workload.applied(side, written)
      : new Map<string, number>();
  const countsRepeats = workload.writes && workload.countsRepeats;
  const { lost, doubled } = countWrites({ applied, acknowledged, written, countsRepeats });
  return {
    audit: {
      leakedSockets,
      lostWrites: lost,
      acknowledgedWrites: acknowledged.length,
      doubledWrites: doubled === null ? null : doubled.length,
      attemptedWrites: written.length,
    },
    doubled: new Set(doubled),
  };
}
