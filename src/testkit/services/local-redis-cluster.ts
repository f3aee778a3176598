import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService, type ServiceProcess } from '../process/service-process.ts';
import { ServiceStartError } from '../process/service-start-error.ts';
import { startupTimeoutMs, waitUntilReady } from '../process/wait-until-ready.ts';
import { findRedisCli, findRedisServer } from '../tools.ts';
import type { RedisClusterEndpoint, RedisNodeAddress } from './endpoints.ts';
import { clusterCreateArgs, withoutColours } from './redis-cluster-create.ts';
import { waitForRedisCluster } from './redis-cluster-health.ts';
import { redisClusterSettings } from './redis-cluster-settings.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';

const run$ = promisify(execFile);

/** A Redis Cluster of local processes, one of which can be stopped alone. */
export interface LocalRedisCluster extends StartedService<RedisClusterEndpoint> {
  /** Kills the node at `address` at once, as a crash would; the others go on. */
  stopNode(address: RedisNodeAddress): Promise<void>;
}

/**
 * Starts six of Debian's redis-server as a Redis Cluster (three masters, a replica each) on
 * free ports of 127.0.0.1, joined by `redis-cli --cluster create`, and waits until every node
 * sees it whole. Each node's log is `<name>-<n>.log` in the run's log folder.
 */
export async function startLocalRedisCluster(
  run: RunDir,
  name = 'redis-cluster',
): Promise<LocalRedisCluster> {
  const dir = join(run.dir, name);
  const password = randomBytes(12).toString('hex');
  const ports = await freePorts(12);
  const nodes = Array.from({ length: 6 }, (_, i) => ({
    host: '127.0.0.1',
    port: ports[2 * i] ?? 0,
    busPort: ports[2 * i + 1] ?? 0,
  }));
  const server = findRedisServer();
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const addresses = nodes.map(({ host, port }) => ({ host, port }));
  try {
    for (const [i, node] of nodes.entries()) {
      const nodeDir = join(dir, `node-${i + 1}`);
      mkdirSync(nodeDir, { recursive: true });
      // The password goes in a config file, not on the command line where `ps` would show it.
      const config = join(nodeDir, 'redis.conf');
      const settings = [...redisClusterSettings({ ...node, password }), `dir ${nodeDir}`];
      writeFileSync(config, settings.join('\n'), { mode: 0o600 });
      processes.push(
        spawnService(run, { name: `${name}-${i + 1}`, command: server, args: [config] }),
      );
    }
    await Promise.all(
      addresses.map((address, i) => {
        const node = processes[i];
        if (node === undefined) throw new Error(`node ${i + 1} was not started`);
        return waitUntilReady(node, async () => {
          const reply = await sendRedisCommands(address, [['AUTH', password], ['PING']]);
          if (!reply.includes('+PONG'))
            throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
        });
      }),
    );
    const created = join(run.logsDir, `${name}-create.log`);
    // redis-cli reads the password from REDISCLI_AUTH: `-a` would show it to `ps`.
    const { stdout } = await run$(findRedisCli(), clusterCreateArgs(addresses), {
      env: { ...process.env, REDISCLI_AUTH: password },
      timeout: startupTimeoutMs(),
    }).catch((error: Error & { stdout?: string; stderr?: string }) => {
      const output = withoutColours(`${error.stdout ?? ''}${error.stderr ?? error.message}`);
      throw new ServiceStartError(`redis-cli --cluster create failed:\n${output}`);
    });
    writeFileSync(created, withoutColours(stdout));
    await waitForRedisCluster(addresses, password, () =>
      processes.map((node) => `${node.name} (${node.logFile}):\n${node.logTail(10)}`).join('\n'),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoint: { nodes: addresses, password },
    logFile: processes[0]?.logFile,
    stop,
    async stopNode(address) {
      const i = addresses.findIndex((n) => n.host === address.host && n.port === address.port);
      const node = processes[i];
      if (node === undefined) {
        throw new TypeError(`${address.host}:${address.port} is no node of this cluster`);
      }
      // No grace: the kill follows the stop signal at once, as in a crash.
      await node.stop(0);
    },
  };
}
