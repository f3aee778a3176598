import { startHttpUpstream, startServices, startToxiproxy, ToxiproxyClient } from 'bulwark/testkit';
import type { DrillOptions, DrillTargets } from './drill-options.ts';
import type { DrillClient } from './drill-results.ts';
import { checkSetup } from './check-setup.ts';
import { DrillSetupError } from './drill-setup-error.ts';
import { postgresSsl } from './postgres-ssl.ts';
import type { Workload } from './workloads/workload.ts';

/** The services under drill, and the Toxiproxy that puts faults in front of them. */
export interface DrillEnvironment {
  readonly mode: 'embedded' | 'external';
  readonly runId: string;
  readonly toxiproxy: ToxiproxyClient;
  readonly workloads: readonly Workload[];
  /** Under Docker: the container ports proxies must listen on (see FaultProxyOptions). */
  readonly publishedPorts: Readonly<Record<string, number>> | undefined;
  close(): Promise<void>;
}

/** A short run id for names of the drill's own (tables, key prefixes, proxies). */
const newRunId = () => `${Date.now().toString(36)}${process.pid.toString(36)}`;

/** Loaded on demand: drilling only PostgreSQL needs no AWS SDK installed. */
async function workloadFor(
  client: DrillClient,
  targets: Required<Pick<DrillTargets, 'postgresUrl' | 'redisUrl' | 'httpUrl'>> & DrillTargets,
  runId: string,
  createBucket: boolean,
): Promise<Workload> {
  switch (client) {
    case 'postgres': {
      const { postgresWorkload } = await import('./workloads/postgres-workload.ts');
      const url = new URL(targets.postgresUrl);
      const ssl = postgresSsl(targets.postgresUrl);
      return postgresWorkload(
        {
          host: hostOf(url),
          port: Number(url.port || 5432),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
          database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
          ...(ssl === undefined ? {} : { ssl }),
        },
        runId,
      );
    }
    case 'redis': {
      const { redisWorkload } = await import('./workloads/redis-workload.ts');
      const url = new URL(targets.redisUrl);
      return redisWorkload(
        {
          host: hostOf(url),
          port: Number(url.port || 6379),
          username: url.username ? decodeURIComponent(url.username) : undefined,
          password: url.password ? decodeURIComponent(url.password) : undefined,
          db: Number(url.pathname.slice(1) || 0),
          tls: url.protocol === 'rediss:',
        },
        runId,
      );
    }
    case 's3': {
      const { s3Workload } = await import('./workloads/s3-workload.ts');
      if (!targets.s3) throw new DrillSetupError('s3: no endpoint given');
      return s3Workload({ ...targets.s3, createBucket }, runId);
    }
    case 'http': {
      const { httpWorkload } = await import('./workloads/http-workload.ts');
      return httpWorkload(targets.httpUrl);
    }
  }
}

/** Starts the embedded services, or only Toxiproxy in front of the user's own. */
export async function openEnvironment(options: DrillOptions): Promise<DrillEnvironment> {
  const runId = newRunId();
  if (options.targets !== undefined) {
    const { postgresUrl = '', redisUrl = '', httpUrl = '' } = options.targets;
    const targets = { ...options.targets, postgresUrl, redisUrl, httpUrl };
    const workloads = await Promise.all(
      options.clients.map((client) => workloadFor(client, targets, runId, false)),
    );
    // Before anything starts: what is wrong with the user's services is their first and only error.
    await checkSetup(workloads, options.targets);
    const toxiproxy = await startToxiproxy();
    return {
      mode: 'external',
      runId,
      toxiproxy: new ToxiproxyClient(toxiproxy.endpoint.apiUrl),
      workloads,
      publishedPorts: undefined,
      close: () => toxiproxy.stop(),
    };
  }

  // If one fails, the other is stopped: a server left listening would keep the command alive.
  const [servicesStart, upstreamStart] = await Promise.allSettled([
    // The drill drives plain Redis: it goes without the TLS server and the Cluster.
    startServices({ redisTls: false, redisCluster: false }),
    startHttpUpstream(),
  ]);
  if (servicesStart.status === 'rejected') {
    if (upstreamStart.status === 'fulfilled') await upstreamStart.value.close();
    throw servicesStart.reason;
  }
  const services = servicesStart.value;
  if (upstreamStart.status === 'rejected') {
    await services.stop();
    throw upstreamStart.reason;
  }
  const upstream = upstreamStart.value;
  upstream.script('GET /items', { body: { items: [{ id: 1, name: 'bulwark' }] } });
  const { postgres, redis, s3, toxiproxy } = services.endpoints;
  const secret = encodeURIComponent;
  const targets = {
    postgresUrl: `postgres://${secret(postgres.user)}:${secret(postgres.password)}@${postgres.host}:${postgres.port}/${secret(postgres.database)}`,
    redisUrl: `redis://:${secret(redis.password)}@${redis.host}:${redis.port}/0`,
    httpUrl: `${upstream.url}/items`,
    s3: {
      endpoint: s3.endpoint,
      region: s3.region,
      bucket: 'bulwark-drill',
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
  };
  // Toxiproxy may see the services at other addresses than we do (in containers, say).
  const proxyUpstreams: Record<DrillClient, string> = {
    postgres: postgres.proxyUpstream,
    redis: redis.proxyUpstream,
    s3: s3.proxyUpstream,
    http: upstream.proxyUpstream,
  };
  const workloads = await Promise.all(
    options.clients.map(async (client) => ({
      ...(await workloadFor(client, targets, runId, true)),
      upstream: proxyUpstreams[client],
    })),
  );
  return {
    mode: 'embedded',
    runId,
    toxiproxy: new ToxiproxyClient(toxiproxy.apiUrl),
    workloads,
    publishedPorts: toxiproxy.publishedPorts,
    close: async () => {
      await Promise.all([services.stop(), upstream.close()]);
    },
  };
}

/** The URL's host as a socket takes it: an IPv6 address without the brackets URLs put around it. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
