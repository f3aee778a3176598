import { dockerRequest } from './docker-engine.ts';
import { runLabel, serviceLabel } from './run-labels.ts';

/** A container of a run, as the engine lists it. */
export interface RunContainer {
  readonly id: string;
  /** The service it runs (its `org.bulwark.service` label). */
  readonly service: string;
  /** The engine's state: `running`, `exited`, `created`, ... */
  readonly state: string;
}

/** Every container of run `runId`, running or not. */
export async function listRunContainers(
  socketPath: string,
  runId: string,
): Promise<RunContainer[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${runLabel}=${runId}`] }));
  const listed = await dockerRequest(
    socketPath,
    'GET',
    `/containers/json?all=1&filters=${filters}`,
  );
  if (!Array.isArray(listed.body)) return [];
  return (
    listed.body as Array<{ Id?: unknown; State?: unknown; Labels?: Record<string, string> }>
  ).flatMap((item) =>
    typeof item.Id === 'string'
      ? [{ id: item.Id, service: item.Labels?.[serviceLabel] ?? '', state: String(item.State) }]
      : [],
  );
}

/** The ids of run `runId`'s networks (one, made by openDockerRun). */
export async function listRunNetworks(socketPath: string, runId: string): Promise<string[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${runLabel}=${runId}`] }));
  const listed = await dockerRequest(socketPath, 'GET', `/networks?filters=${filters}`);
  if (!Array.isArray(listed.body)) return [];
  return (listed.body as Array<{ Id?: unknown }>).flatMap((item) =>
    typeof item.Id === 'string' ? [item.Id] : [],
  );
}
