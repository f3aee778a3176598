import { ownerAlive } from '../process/sweep-orphans.ts';
import { dockerRequest } from './docker-engine.ts';
import { removeRunContainers } from './remove-run-containers.ts';
import { runDirLabel, runLabel } from './run-labels.ts';

/**
 * Removes the containers and networks of runs whose owner is gone: what a run left when its
 * reaper died with it (a crash of the whole session, say). A run is judged by the folder its
 * labels name, wherever its runs root was, so a concurrent run (even under another
 * `BULWARK_RUNS_DIR`) is left alone. Returns the ids of the runs it cleaned up.
 */
export async function sweepOrphanContainers(socketPath: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [runLabel] }));
  const [containers, networks] = await Promise.all([
    dockerRequest(socketPath, 'GET', `/containers/json?all=1&filters=${filters}`),
    dockerRequest(socketPath, 'GET', `/networks?filters=${filters}`),
  ]);
  const runs = new Map<string, string>();
  for (const body of [containers.body, networks.body]) {
    if (!Array.isArray(body)) continue;
    for (const item of body as Array<{ Labels?: Record<string, string> | null }>) {
      const runId = item.Labels?.[runLabel];
      const runDir = item.Labels?.[runDirLabel];
      if (runId !== undefined && runDir !== undefined) runs.set(runId, runDir);
    }
  }
  const orphans = [...runs].filter(([, runDir]) => !ownerAlive(runDir)).map(([runId]) => runId);
  await Promise.all(orphans.map((runId) => removeRunContainers(socketPath, runId)));
  return orphans;
}
