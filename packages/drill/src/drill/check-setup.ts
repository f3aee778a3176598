import { createConnection } from 'node:net';
import type { DrillTargets } from './drill-options.ts';
import { describeSetupFailure } from './describe-setup-failure.ts';
import type { Workload } from './workloads/workload.ts';

/** How long the first TCP connect may take before the service counts as not answering. */
const connectTimeoutMs = 5_000;

/** Resolves when `upstream` (`host:port`) accepts a TCP connection; rejects with Node's error. */
function connectOnce(upstream: string): Promise<void> {
  const separator = upstream.lastIndexOf(':');
  const host = upstream.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(upstream.slice(separator + 1));
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port, timeout: connectTimeoutMs });
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(Object.assign(new Error(`connect ETIMEDOUT ${upstream}`), { code: 'ETIMEDOUT' }));
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/**
 * Checks the user's services before anything starts, so that what is wrong with them is the
 * user's first and only error, in words that name the cause and the flag that fixes it: each is
 * reached over TCP, then prepared (its table, a look at its bucket, one GET) as the drill will.
 * If one fails, what the others prepared is removed again.
 */
export async function checkSetup(
  workloads: readonly Workload[],
  targets: DrillTargets,
): Promise<void> {
  const placeOf = ({ client, target, upstream }: Workload) => ({
    client,
    target,
    upstream,
    targets,
  });
  await Promise.all(
    workloads.map((workload) =>
      connectOnce(workload.upstream).catch((error: unknown) => {
        throw describeSetupFailure(error, placeOf(workload));
      }),
    ),
  );
  const prepared = await Promise.allSettled(workloads.map((workload) => workload.prepare()));
  const failed = prepared.findIndex((outcome) => outcome.status === 'rejected');
  const failure = prepared[failed];
  const workload = workloads[failed];
  if (failure?.status !== 'rejected' || workload === undefined) return;
  await Promise.allSettled(
    workloads.map((each, i) =>
      prepared[i]?.status === 'fulfilled' ? each.cleanup() : Promise.resolve(),
    ),
  );
  throw describeSetupFailure(failure.reason, placeOf(workload));
}
