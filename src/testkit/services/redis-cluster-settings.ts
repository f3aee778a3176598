/** One Cluster node's own ports and the cluster's password. */
export interface RedisClusterNodeSettings {
  /** The port clients use, and the node announces. */
  readonly port: number;
  /** The cluster bus, where nodes gossip and vote (by default `port + 10000`, which may be taken). */
  readonly busPort: number;
  readonly password: string;
}

/**
 * How long a node may be silent before the others judge it failed. Redis's default is 15 s;
 * at 1 s a test that kills a master sees its replica take over about two seconds later.
 */
export const clusterNodeTimeoutMs = 1_000;

/** The redis.conf lines both providers give every node of a Redis Cluster. */
export function redisClusterSettings(settings: RedisClusterNodeSettings): string[] {
  return [
    `port ${settings.port}`,
    `cluster-port ${settings.busPort}`,
    'bind 127.0.0.1',
    // The address in MOVED replies and CLUSTER SLOTS: one the test process reaches.
    'cluster-announce-ip 127.0.0.1',
    'cluster-enabled yes',
    'cluster-config-file nodes.conf',
    `cluster-node-timeout ${clusterNodeTimeoutMs}`,
    // A replica takes over however long ago it last heard from its master: in tests, a
    // replica that refuses to take over for data it judges stale is a failure nobody meant.
    'cluster-replica-validity-factor 0',
    // Replicas sync at once (Redis 7.0 waits 5 s for more replicas to share a diskless sync).
    'repl-diskless-sync-delay 0',
    `requirepass ${settings.password}`,
    // Replicas authenticate to their masters with the same password.
    `masterauth ${settings.password}`,
    'save ""',
    'appendonly no',
  ];
}
