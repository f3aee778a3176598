import type { DockerRun } from '../docker/docker-run.ts';
import { freePort } from '../process/free-port.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import type { StartedService } from './started-service.ts';

/**
 * Starts Toxiproxy in a container on the host's network, listening on 127.0.0.1 only: its
 * proxies then reach what a test starts on this host (an HTTP upstream, a fault gate) as well
 * as the other containers' published ports, and listen on ports the OS picks, as locally. A
 * Linux engine gives containers the host's network as is; Docker Desktop needs its host
 * networking setting turned on (tests/integration/README.md).
 */
export async function startDockerToxiproxy(
  docker: DockerRun,
  image: string,
): Promise<StartedService<ServiceEndpoints['toxiproxy']>> {
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const container = await docker
    .container(
      image,
      'toxiproxy',
      async () => {
        const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(1_000) });
        if (!response.ok) throw new Error(`GET /version answered ${response.status}`);
        await response.text();
      },
      { hostNetwork: true },
    )
    .withCommand(['-host', '127.0.0.1', '-port', String(port)])
    .start();
  return {
    endpoint: { apiUrl, proxyHost: '127.0.0.1' },
    logFile: await docker.keepLog(container, 'toxiproxy'),
    stop: async () => void (await container.stop()),
  };
}
