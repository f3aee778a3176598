import { randomBytes } from 'node:crypto';
import type { StartedTestContainer } from 'testcontainers';
import type { DockerRun } from '../docker/docker-run.ts';
import { freePorts } from '../process/free-port.ts';
import { ServiceStartError } from '../process/service-start-error.ts';
import type { RedisClusterEndpoint } from './endpoints.ts';
import { clusterCreateArgs, withoutColours } from './redis-cluster-create.ts';
import { waitForRedisCluster } from './redis-cluster-health.ts';
import { redisClusterSettings } from './redis-cluster-settings.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';

const configPath = '/etc/bulwark-redis-cluster.conf';

/**
 * Starts a Redis Cluster of six containers of the Redis image (three masters, a replica each),
 * joined by `redis-cli --cluster create` run in the first of them.
 *
 * Every node runs on the host's network, listening on 127.0.0.1 at a free port of this host,
 * as the local provider's nodes do. A cluster client follows the addresses the nodes announce
 * (MOVED, CLUSTER SLOTS), and the nodes reach each other at those same addresses (gossip,
 * failover votes), so one address must work from both sides. On a bridge network it cannot:
 * a container's IP is reachable from a Linux host but not through Docker Desktop or a remote
 * engine, and announcing 127.0.0.1 with published ports sends each node to its own loopback
 * when it calls a peer. The host's network gives one address for both, and is what the kit's
 * Toxiproxy already needs (a Linux engine gives it as is; Docker Desktop needs its host
 * networking setting turned on).
 */
export async function startDockerRedisCluster(
  docker: DockerRun,
  image: string,
): Promise<StartedService<RedisClusterEndpoint>> {
  const password = randomBytes(12).toString('hex');
  const ports = await freePorts(12);
  const nodes = Array.from({ length: 6 }, (_, i) => ({
    port: ports[2 * i] ?? 0,
    busPort: ports[2 * i + 1] ?? 0,
  }));
  const addresses = nodes.map(({ port }) => ({ host: '127.0.0.1', port }));
  const starts = nodes.map((node, i) =>
    docker
      .container(
        image,
        `redis-cluster-${i + 1}`,
        async () => {
          const target = { host: '127.0.0.1', port: node.port };
          const reply = await sendRedisCommands(target, [['AUTH', password], ['PING']]);
          if (!reply.includes('+PONG'))
            throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
        },
        { hostNetwork: true },
      )
      // The password goes in a config file, not on the command line where `ps` shows it.
      .withCopyContentToContainer([
        {
          content: redisClusterSettings({ ...node, password }).join('\n'),
          target: configPath,
          mode: 0o644,
        },
      ])
      .withCommand(['redis-server', configPath])
      .start(),
  );
  const settled = await Promise.allSettled(starts);
  const containers = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = async () => void (await Promise.all(containers.map((c) => c.stop())));
  try {
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const logs = await Promise.all(
      containers.map((container, i) => docker.keepLog(container, `redis-cluster-${i + 1}`)),
    );
    await createCluster(containers[0], addresses, password);
    await waitForRedisCluster(addresses, password, () => `The nodes' logs: ${logs.join(', ')}`);
    return { endpoint: { nodes: addresses, password }, logFile: logs[0], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createCluster(
  container: StartedTestContainer | undefined,
  addresses: RedisClusterEndpoint['nodes'],
  password: string,
): Promise<void> {
  if (container === undefined) throw new ServiceStartError('no Redis Cluster node started');
  // redis-cli reads the password from REDISCLI_AUTH: `-a` would show it to `ps`.
  const result = await container.exec(['redis-cli', ...clusterCreateArgs(addresses)], {
    env: { REDISCLI_AUTH: password },
  });
  if (result.exitCode !== 0) {
    throw new ServiceStartError(
      `redis-cli --cluster create failed (exit ${result.exitCode}):\n${withoutColours(result.output)}`,
    );
  }
}
