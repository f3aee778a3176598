/**
 * Where the started services can be reached. Global setup starts them once per test run and
 * hands this object to every worker (vitest `provide`/`inject` under {@link servicesKey}).
 * Every `proxyUpstream` is the address as seen from Toxiproxy, for `FaultProxy` upstreams.
 */
export interface ServiceEndpoints {
  readonly runId: string;
  /** Which provider started them: `local` processes, `docker` containers, or `external`. */
  readonly provider: 'local' | 'docker' | 'external';
  /** Folder of this run's service logs, to point to when something fails. */
  readonly logsDir: string;
  readonly postgres: {
    readonly host: string;
    readonly port: number;
    /** Folder of the Unix socket (`.s.PGSQL.<port>`), when the provider offers one. */
    readonly socketDir: string | undefined;
    readonly user: string;
    readonly password: string;
    readonly database: string;
    readonly proxyUpstream: string;
  };
  readonly redis: {
    readonly host: string;
    readonly port: number;
    readonly socketPath: string | undefined;
    readonly password: string;
    readonly proxyUpstream: string;
  };
  /** A TLS-only Redis; undefined when the provider does not offer one (see `requireService`). */
  readonly redisTls: RedisTlsEndpoint | undefined;
  /** A Redis Cluster; undefined when the provider does not offer one (see `requireService`). */
  readonly redisCluster: RedisClusterEndpoint | undefined;
  readonly s3: {
    /** `http://host:port` */
    readonly endpoint: string;
    readonly host: string;
    readonly port: number;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly region: string;
    readonly proxyUpstream: string;
    /** Which server answers: `minio` (Docker) or `versitygw` (local binary). */
    readonly server: string;
  };
  readonly toxiproxy: {
    /** `http://host:port` of Toxiproxy's REST API. */
    readonly apiUrl: string;
    /** The host on which proxies listen and clients connect to them. */
    readonly proxyHost: string;
    /**
     * Under Docker only: proxies must listen on one of these container ports, each published
     * on `proxyHost` at the mapped port. Absent locally, where proxies listen on port 0.
     */
    readonly publishedPorts?: Readonly<Record<string, number>> | undefined;
  };
}

/**
 * A Redis that speaks only TLS on its port, and wants a password. Its certificate is signed by
 * `ca`, a CA made for this run alone (so no default trust store accepts it), for
 * `IP:127.0.0.1` and `DNS:localhost` (and, under Docker, the engine's host). A client
 * certificate is optional: the server asks for one, accepts one `ca` signed, and serves
 * clients without one too.
 */
export interface RedisTlsEndpoint {
  readonly host: string;
  readonly port: number;
  readonly password: string;
  /** PEM of the CA that signed the server's certificate and `cert`. */
  readonly ca: string;
  /** PEM of a client certificate the server accepts, and its key (`key`). */
  readonly cert: string;
  readonly key: string;
  readonly proxyUpstream: string;
}

/** One node of a Redis Cluster, at the address it announces to clients (MOVED, CLUSTER SLOTS). */
export interface RedisNodeAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * A Redis Cluster of three masters with a replica each, every slot assigned, all nodes wanting
 * one password. Its nodes announce addresses this host reaches, so a cluster client can follow
 * redirections; a master that stops is replaced by its replica within a few seconds.
 */
export interface RedisClusterEndpoint {
  /** Every node, masters and replicas: any of them serves as a cluster client's seed. */
  readonly nodes: readonly RedisNodeAddress[];
  readonly password: string;
}

/** The key under which global setup provides the endpoints to the workers. */
export const servicesKey = 'bulwarkServices';
