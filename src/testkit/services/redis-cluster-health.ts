import { ServiceStartError } from '../process/service-start-error.ts';
import { startupTimeoutMs } from '../process/wait-until-ready.ts';
import type { RedisNodeAddress } from './endpoints.ts';
import { sendRedisCommands } from './resp-probe.ts';

/** The shape `redis-cli --cluster create --cluster-replicas 1` makes of six nodes. */
const masters = 3;
const replicas = 3;
const slots = 16_384;

/**
 * Why the cluster of `nodes` cannot serve yet, or undefined when it can: every node must say
 * `cluster_state:ok` with all 16384 slots assigned, see three masters and three replicas (none
 * failing), and, if it is a replica, have its link to its master up (a replica that never
 * synced is no stand-in for its master).
 */
export async function redisClusterProblem(
  nodes: readonly RedisNodeAddress[],
  password: string,
): Promise<string | undefined> {
  const problems = await Promise.all(
    nodes.map(async ({ host, port }) => {
      const reply = await sendRedisCommands({ host, port }, [
        ['AUTH', password],
        ['CLUSTER', 'INFO'],
        ['CLUSTER', 'NODES'],
        ['INFO', 'replication'],
      ]).catch((error: Error) => error.message);
      const problem = nodeProblem(reply);
      return problem === undefined ? undefined : `${host}:${port}: ${problem}`;
    }),
  );
  const found = problems.filter((problem) => problem !== undefined);
  return found.length === 0 ? undefined : found.join('; ');
}

function nodeProblem(reply: string): string | undefined {
  if (!reply.startsWith('+OK')) return `no answer to AUTH: ${reply.split('\r\n')[0]}`;
  if (!reply.includes('cluster_state:ok')) return 'cluster_state is not ok';
  if (!reply.includes(`cluster_slots_assigned:${slots}`)) return 'not every slot is assigned';
  const flags = reply
    .split(/\r?\n/)
    .flatMap((line) => /^[0-9a-f]{40} \S+ (\S+) /.exec(line)?.[1] ?? [])
    .map((list) => list.split(','))
    .filter((list) => !list.includes('fail') && !list.includes('fail?'));
  const seen = (role: string) => flags.filter((list) => list.includes(role)).length;
  if (seen('master') !== masters || seen('slave') !== replicas) {
    return `sees ${seen('master')} masters and ${seen('slave')} replicas`;
  }
  if (reply.includes('role:slave') && !reply.includes('master_link_status:up')) {
    return 'its link to its master is not up';
  }
  return undefined;
}

/**
 * Waits until {@link redisClusterProblem} finds none; after the startup timeout, throws with
 * the last problem and `logs()` (where the nodes' logs are, or their ends).
 */
export async function waitForRedisCluster(
  nodes: readonly RedisNodeAddress[],
  password: string,
  logs: () => string | Promise<string>,
  timeoutMs = startupTimeoutMs(),
): Promise<void> {
  const started = performance.now();
  for (let interval = 20; ; interval = Math.min(interval * 2, 250)) {
    const problem = await redisClusterProblem(nodes, password);
    if (problem === undefined) return;
    if (performance.now() - started > timeoutMs) {
      throw new ServiceStartError(
        `the Redis Cluster was not ready within ${timeoutMs} ms (${problem}); raise BULWARK_STARTUP_TIMEOUT_MS if the machine is slow.\n${await logs()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
