import type { RunDir } from '../process/run-dir.ts';
import { startLocalPostgres } from '../services/local-postgres.ts';
import { startLocalRedis } from '../services/local-redis.ts';
import { startLocalRedisCluster } from '../services/local-redis-cluster.ts';
import { startLocalRedisTls } from '../services/local-redis-tls.ts';
import { startLocalS3 } from '../services/local-s3.ts';
import { startLocalToxiproxy } from '../services/local-toxiproxy.ts';
import { notStarted } from '../services/started-service.ts';
import {
  everyOptionalService,
  type OptionalServices,
  type ProvidedServices,
  type ServiceProvider,
} from './service-provider.ts';
import { startSideBySide } from './start-side-by-side.ts';

/**
 * Services as local processes: PostgreSQL and Redis (plain, TLS, and a Cluster of six) from
 * Debian packages, versitygw (S3) and Toxiproxy built from the Go module proxy. Started side
 * by side; if one fails, the others are stopped before the error (with the failing service's
 * log) is thrown.
 */
export const localProvider: ServiceProvider = {
  name: 'local',
  async start(
    run: RunDir,
    wanted: OptionalServices = everyOptionalService,
  ): Promise<ProvidedServices> {
    const {
      services: [postgres, redis, redisTls, redisCluster, s3, toxiproxy],
      stop,
    } = await startSideBySide([
      startLocalPostgres(run),
      startLocalRedis(run),
      wanted.redisTls ? startLocalRedisTls(run) : notStarted(),
      wanted.redisCluster ? startLocalRedisCluster(run) : notStarted(),
      startLocalS3(run),
      startLocalToxiproxy(run),
    ]);
    return {
      endpoints: {
        postgres: postgres.endpoint,
        redis: redis.endpoint,
        redisTls: redisTls.endpoint,
        redisCluster: redisCluster.endpoint,
        s3: s3.endpoint,
        toxiproxy: toxiproxy.endpoint,
      },
      stop,
    };
  },
};
