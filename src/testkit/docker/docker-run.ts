import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import {
  GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from 'testcontainers';
import { Reaper } from '../process/reaper.ts';
import type { RunDir } from '../process/run-dir.ts';
import { startupTimeoutMs } from '../process/wait-until-ready.ts';
import { runDirLabel, runLabel, runNetworkName, serviceLabel } from './run-labels.ts';
import { ProbeWaitStrategy, type ReadinessProbe } from './probe-wait-strategy.ts';
import { loopbackForLocalhost } from '../services/docker-endpoint-host.ts';

/** One run's place on the Docker engine: its labels, its network, its reaper. */
export interface DockerRun {
  readonly run: RunDir;
  /** The run's own network's name. */
  readonly networkName: string;
  /**
   * The host at which containers' published ports are reached (as `publishedHost` gives it),
   * known before any container starts: for what must name it in advance (a certificate).
   */
  readonly host: string;
  /**
   * A container of this run: labelled, on the run's network (or, with `hostNetwork`, on the
   * host's own), started when `probe` passes.
   */
  container(
    image: string,
    name: string,
    probe: ReadinessProbe,
    options?: { readonly hostNetwork?: boolean },
  ): GenericContainer;
  /** Copies a started container's output into the run's log folder, as local services do. */
  keepLog(container: StartedTestContainer, name: string): Promise<string>;
  /** Removes the run's network (after its containers). */
  close(): Promise<void>;
}

/**
 * Opens a run on the engine behind `socketPath`. The reaper is told first, so that whatever
 * the run creates after this is removed with the run however it ends (SIGKILL included),
 * whether or not Ryuk runs.
 */
export async function openDockerRun(
  run: RunDir,
  socketPath: string | undefined,
): Promise<DockerRun> {
  if (socketPath !== undefined) Reaper.get().watchDocker({ socketPath, runId: run.id });
  const labels = { [runLabel]: run.id, [runDirLabel]: run.dir };
  const networkName = runNetworkName(run.id);
  // Made here rather than by testcontainers' Network, to carry the run's labels: the sweep
  // finds a crashed run's network by them even when no container was made yet.
  const client = await getContainerRuntimeClient();
  const network = await client.network.create({
    Name: networkName,
    CheckDuplicate: true,
    Driver: 'bridge',
    Labels: labels,
  });
  const timeout = startupTimeoutMs();
  return {
    run,
    networkName,
    host: loopbackForLocalhost(client.info.containerRuntime.host),
    container(image, service, probe, options = {}) {
      const container = new GenericContainer(image)
        .withLabels({ ...labels, [serviceLabel]: service })
        .withWaitStrategy(new ProbeWaitStrategy(service, probe))
        .withStartupTimeout(timeout);
      return options.hostNetwork
        ? container.withNetworkMode('host')
        : container.withNetworkMode(networkName);
    },
    async keepLog(container, service) {
      const file = join(run.logsDir, `${service}.log`);
      (await container.logs()).pipe(createWriteStream(file));
      return file;
    },
    close: () => client.network.remove(network),
  };
}
