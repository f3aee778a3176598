import { randomBytes } from 'node:crypto';
import { GenericContainer, Network, Wait, type StartedTestContainer } from 'testcontainers';
import { startupTimeoutMs } from '../process/wait-until-ready.ts';
import { redisDatabases } from '../services/local-redis.ts';
import { testPostgresSettings } from '../services/postgres-settings.ts';
import { pinned } from '../versions.ts';
import type { ProvidedServices, ServiceProvider } from './service-provider.ts';

/** Container ports Toxiproxy publishes for per-test proxies (Docker cannot publish port 0). */
const proxyPorts = Array.from({ length: 40 }, (_, i) => 30_000 + i);

/**
 * Services as Docker containers through testcontainers, with the images pinned in
 * versions.ts, on one network so that Toxiproxy reaches each service by its alias. Ryuk
 * removes the containers if the run dies.
 */
export const dockerProvider: ServiceProvider = {
  name: 'docker',
  async start(): Promise<ProvidedServices> {
    const timeout = startupTimeoutMs();
    const network = await new Network().start();
    const password = randomBytes(12).toString('hex');
    const accessKeyId = `BULWARK${randomBytes(6).toString('hex').toUpperCase()}`;
    const secretAccessKey = randomBytes(20).toString('base64url');
    const container = (image: string, alias: string) =>
      new GenericContainer(image)
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withStartupTimeout(timeout);

    const settled = await Promise.allSettled([
      container(pinned.postgres.image, 'postgres')
        .withEnvironment({
          POSTGRES_USER: 'bulwark',
          POSTGRES_PASSWORD: password,
          POSTGRES_DB: 'postgres',
        })
        .withCommand(['postgres', ...testPostgresSettings])
        .withExposedPorts(5432)
        .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
        .start(),
      container(pinned.redis.image, 'redis')
        .withCommand([
          'redis-server',
          '--requirepass',
          password,
          '--databases',
          String(redisDatabases),
          '--save',
          '',
          '--appendonly',
          'no',
        ])
        .withExposedPorts(6379)
        .withWaitStrategy(Wait.forLogMessage(/Ready to accept connections/))
        .start(),
      container(pinned.s3.image, 's3')
        .withEnvironment({ MINIO_ROOT_USER: accessKeyId, MINIO_ROOT_PASSWORD: secretAccessKey })
        .withCommand(['server', '/data'])
        .withExposedPorts(9000)
        .withWaitStrategy(Wait.forHttp('/minio/health/live', 9000))
        .start(),
      container(pinned.toxiproxy.image, 'toxiproxy')
        .withExposedPorts(8474, ...proxyPorts)
        .withWaitStrategy(Wait.forHttp('/version', 8474))
        .start(),
    ]);
    const started = settled.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value] : [],
    );
    const stop = async () => {
      await Promise.all(started.map((c) => c.stop()));
      await network.stop();
    };
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure) {
      await stop();
      throw new Error(`could not start the test containers: ${String(failure.reason)}`);
    }
    const [postgres, redis, s3, toxiproxy] = started as [
      StartedTestContainer,
      StartedTestContainer,
      StartedTestContainer,
      StartedTestContainer,
    ];
    const host = toxiproxy.getHost();
    return {
      endpoints: {
        postgres: {
          host: postgres.getHost(),
          port: postgres.getMappedPort(5432),
          socketDir: undefined,
          user: 'bulwark',
          password,
          database: 'postgres',
          proxyUpstream: 'postgres:5432',
        },
        redis: {
          host: redis.getHost(),
          port: redis.getMappedPort(6379),
          socketPath: undefined,
          password,
          proxyUpstream: 'redis:6379',
        },
        s3: {
          endpoint: `http://${s3.getHost()}:${s3.getMappedPort(9000)}`,
          host: s3.getHost(),
          port: s3.getMappedPort(9000),
          accessKeyId,
          secretAccessKey,
          region: 'us-east-1',
          proxyUpstream: 's3:9000',
          server: 'minio',
        },
        toxiproxy: {
          apiUrl: `http://${host}:${toxiproxy.getMappedPort(8474)}`,
          proxyHost: host,
          publishedPorts: Object.fromEntries(
            proxyPorts.map((port) => [String(port), toxiproxy.getMappedPort(port)]),
          ),
        },
      },
      stop,
    };
  },
};
