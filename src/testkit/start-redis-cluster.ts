import { createRunDir } from './process/run-dir.ts';
import type { RedisClusterEndpoint, RedisNodeAddress } from './services/endpoints.ts';
import { startLocalRedisCluster } from './services/local-redis-cluster.ts';

/** A Redis Cluster of a test's own, started by {@link startRedisCluster}. */
export interface RunningRedisCluster extends AsyncDisposable {
  /** Its six nodes (masters and replicas) and its password, as `redisCluster` endpoints are. */
  readonly endpoint: RedisClusterEndpoint;
  /** Folder of its nodes' logs (`redis-cluster-<n>.log`), kept after it stops. */
  readonly logsDir: string;
  /**
   * Kills the node at `address` at once, as a crash would (its process gets SIGKILL right
   * after SIGTERM). Kill a master and its replica takes its slots over within a few seconds
   * (`cluster-node-timeout` is 1 s); the cluster refuses its slots until then.
   */
  stopNode(address: RedisNodeAddress): Promise<void>;
  /** Stops every node still running and removes the cluster's data (keeps the logs). */
  stop(): Promise<void>;
}

/**
 * Starts a Redis Cluster for one test alone, to break at will without touching the run's shared
 * `redisCluster`: six `redis-server` processes (three masters, a replica each) on free ports of
 * 127.0.0.1, joined by `redis-cli --cluster create`, and ready (every node sees all 16384
 * slots served and every replica synced) when the promise resolves. It is always local
 * processes, whichever provider started the run's services: Debian's `redis-server` and
 * `redis-cli`, which `npm run setup` installs (the Docker path installs them too). It gets a
 * run folder of its own (`$BULWARK_RUNS_DIR`, else `bulwark-runs` in the temp folder) and dies
 * with this process like the services do: the reaper stops it, and the next run's orphan
 * sweep if the reaper died too. Takes about two seconds.
 *
 * @example
 * ```ts
 * await using cluster = await startRedisCluster();
 * const client = new Cluster(cluster.endpoint.nodes, {
 *   redisOptions: { password: cluster.endpoint.password },
 * });
 * // ... find the master that serves a key (CLUSTER SLOTS), then:
 * await cluster.stopNode(master);
 * ```
 */
export async function startRedisCluster(): Promise<RunningRedisCluster> {
  const run = createRunDir();
  const started = await startLocalRedisCluster(run);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= started.stop());
  return {
    endpoint: started.endpoint,
    logsDir: run.logsDir,
    stopNode: (address) => started.stopNode(address),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
