import { dockerRequest } from './docker-engine.ts';
import { runLabel } from './run-labels.ts';

/** What was removed of a run. */
export interface RemovedContainers {
  readonly containers: readonly string[];
  readonly networks: readonly string[];
}

/**
 * Removes every container of run `runId` (found by its label, running or not, with its
 * anonymous volumes) and then the run's network (labelled alike). Touches nothing of any other run, and
 * nothing this kit did not create. Used by the reaper when a run ends and by the next run's
 * sweep when a reaper died too.
 */
export async function removeRunContainers(
  socketPath: string,
  runId: string,
): Promise<RemovedContainers> {
  const filter = (filters: Record<string, string[]>) => encodeURIComponent(JSON.stringify(filters));
  const listed = await dockerRequest(
    socketPath,
    'GET',
    `/containers/json?all=1&filters=${filter({ label: [`${runLabel}=${runId}`] })}`,
  );
  const containers = idsOf(listed.body);
  await Promise.all(
    containers.map((id) => dockerRequest(socketPath, 'DELETE', `/containers/${id}?force=1&v=1`)),
  );
  const networks = await dockerRequest(
    socketPath,
    'GET',
    `/networks?filters=${filter({ label: [`${runLabel}=${runId}`] })}`,
  );
  const ours = idsOf(networks.body);
  await Promise.all(ours.map((id) => dockerRequest(socketPath, 'DELETE', `/networks/${id}`)));
  return { containers, networks: ours };
}

function idsOf(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return (body as Array<{ Id?: unknown }>).flatMap((item) =>
    typeof item.Id === 'string' ? [item.Id] : [],
  );
}
