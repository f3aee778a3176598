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

/** The key under which global setup provides the endpoints to the workers. */
export const servicesKey = 'bulwarkServices';
