import { randomBytes } from 'node:crypto';
import type { DockerRun } from '../docker/docker-run.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { publishedHost } from './docker-endpoint-host.ts';
import { testPostgresSettings } from './postgres-settings.ts';
import { probePostgres } from './postgres-probe.ts';
import type { StartedService } from './started-service.ts';

const superuser = 'bulwark';

/**
 * Starts PostgreSQL in a container of the official image's interface (`POSTGRES_*` variables,
 * `postgres -c ...` as the command): the `postgres` image, or the one `scripts/build-images`
 * makes from Debian's package. Password auth, the shared test settings, a published port.
 */
export async function startDockerPostgres(
  docker: DockerRun,
  image: string,
): Promise<StartedService<ServiceEndpoints['postgres']>> {
  const password = randomBytes(12).toString('hex');
  const container = await docker
    .container(image, 'postgres', (ports) =>
      probePostgres({
        host: '127.0.0.1',
        port: ports.getBinding(5432),
        user: superuser,
        database: 'postgres',
      }),
    )
    .withEnvironment({
      POSTGRES_USER: superuser,
      POSTGRES_PASSWORD: password,
      POSTGRES_DB: 'postgres',
    })
    .withCommand(['postgres', ...testPostgresSettings])
    .withExposedPorts(5432)
    .start();
  const host = publishedHost(container);
  const port = container.getMappedPort(5432);
  return {
    endpoint: {
      host,
      port,
      socketDir: undefined,
      user: superuser,
      password,
      database: 'postgres',
      proxyUpstream: `${host}:${port}`,
    },
    logFile: await docker.keepLog(container, 'postgres'),
    stop: async () => void (await container.stop()),
  };
}
