import { dockerRequest } from './docker-engine.ts';
import { listRunContainers, listRunNetworks } from './run-containers.ts';

/** What was removed of a run. */
export interface RemovedContainers {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
}

/**
 * Removes every container of run `runId` (found by its label, running or not, with its
 * anonymous volumes) and then the run's network (labelled alike). Touches nothing of any
 * other run, and nothing this kit did not create. Used by the reaper when a run ends and by
 * the next run's sweep when a reaper died too.
 */
export async function removeRunContainers(
  socketPath: string,
  runId: string,
): Promise<RemovedContainers> {
  const containers = (await listRunContainers(socketPath, runId)).map((c) => c.id);
  await Promise.all(
    containers.map((id) => dockerRequest(socketPath, 'DELETE', `/containers/${id}?force=1&v=1`)),
  );
  const networks = await listRunNetworks(socketPath, runId);
  await Promise.all(networks.map((id) => dockerRequest(socketPath, 'DELETE', `/networks/${id}`)));
  return { containers, networks };
}
