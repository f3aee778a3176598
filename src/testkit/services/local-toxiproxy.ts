import { freePort } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService } from '../process/service-process.ts';
import { waitUntilReady } from '../process/wait-until-ready.ts';
import { toolPath } from '../tools.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import type { StartedService } from './started-service.ts';

/** Starts Toxiproxy (built from the Go module proxy) with its REST API on a free port. */
export async function startLocalToxiproxy(
  run: RunDir,
): Promise<StartedService<ServiceEndpoints['toxiproxy']>> {
  const port = await freePort();
  const service = spawnService(run, {
    name: 'toxiproxy',
    command: toolPath('toxiproxy-server'),
    args: ['-host', '127.0.0.1', '-port', String(port)],
  });
  const apiUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(service, async () => {
    const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(1_000) });
    if (!response.ok) throw new Error(`GET /version answered ${response.status}`);
    await response.text();
  });
  return {
    endpoint: { apiUrl, proxyHost: '127.0.0.1' },
    logFile: service.logFile,
    stop: () => service.stop(),
  };
}
