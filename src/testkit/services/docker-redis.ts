import { randomBytes } from 'node:crypto';
import type { DockerRun } from '../docker/docker-run.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { publishedHost } from './docker-endpoint-host.ts';
import { redisDatabases } from './local-redis.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';

const configPath = '/etc/bulwark-redis.conf';

/**
 * Starts Redis in a container (the `redis` image, or Debian's redis-server in the image
 * `scripts/build-images` makes), with a password and a database per parallel worker. The
 * password goes in a config file copied in, not on the command line where `ps` shows it.
 */
export async function startDockerRedis(
  docker: DockerRun,
  image: string,
): Promise<StartedService<ServiceEndpoints['redis']>> {
  const password = randomBytes(12).toString('hex');
  const config = [
    'port 6379',
    'bind 0.0.0.0',
    'protected-mode no',
    'save ""',
    'appendonly no',
    `databases ${redisDatabases}`,
    `requirepass ${password}`,
  ].join('\n');
  const container = await docker
    .container(image, 'redis', async (ports) => {
      const target = { host: '127.0.0.1', port: ports.getBinding(6379) };
      const reply = await sendRedisCommands(target, [['AUTH', password], ['PING']]);
      if (!reply.includes('+PONG')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    })
    .withCopyContentToContainer([{ content: config, target: configPath, mode: 0o644 }])
    .withCommand(['redis-server', configPath])
    .withExposedPorts(6379)
    .start();
  const host = publishedHost(container);
  const port = container.getMappedPort(6379);
  return {
    endpoint: { host, port, socketPath: undefined, password, proxyUpstream: `${host}:${port}` },
    logFile: await docker.keepLog(container, 'redis'),
    stop: async () => void (await container.stop()),
  };
}
