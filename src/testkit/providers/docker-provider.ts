import { dockerImages, s3ServerOf } from '../docker/docker-images.ts';
import { dockerSocketPath } from '../docker/docker-engine.ts';
import { openDockerRun } from '../docker/docker-run.ts';
import { useRyukWhereItsImageIs } from '../docker/ryuk.ts';
import { sweepOrphanContainers } from '../docker/sweep-orphan-containers.ts';
import { notStarted } from '../services/started-service.ts';
import type { RunDir } from '../process/run-dir.ts';
import { startDockerPostgres } from '../services/docker-postgres.ts';
import { startDockerRedis } from '../services/docker-redis.ts';
import { startDockerRedisCluster } from '../services/docker-redis-cluster.ts';
import { startDockerRedisTls } from '../services/docker-redis-tls.ts';
import { startDockerS3 } from '../services/docker-s3.ts';
import { startDockerToxiproxy } from '../services/docker-toxiproxy.ts';
import {
  everyOptionalService,
  type OptionalServices,
  type ProvidedServices,
  type ServiceProvider,
} from './service-provider.ts';
import { startSideBySide } from './start-side-by-side.ts';

/**
 * Services as Docker containers through testcontainers: the images pinned in versions.ts, or
 * those the environment names (docker-images.ts). Every container carries the run's labels
 * and sits on the run's own network, and is removed when the run ends, however it ends: by
 * Ryuk where its image is present, and always by bulwark's reaper. What a crashed run left is
 * swept first.
 */
export const dockerProvider: ServiceProvider = {
  name: 'docker',
  async start(
    run: RunDir,
    wanted: OptionalServices = everyOptionalService,
  ): Promise<ProvidedServices> {
    const socketPath = dockerSocketPath();
    if (socketPath !== undefined) {
      await sweepOrphanContainers(socketPath);
      await useRyukWhereItsImageIs(socketPath);
    }
    const images = dockerImages();
    const docker = await openDockerRun(run, socketPath);
    const {
      services: [postgres, redis, redisTls, redisCluster, s3, toxiproxy],
      stop,
    } = await startSideBySide(
      [
        startDockerPostgres(docker, images.postgres),
        startDockerRedis(docker, images.redis),
        // The one Redis image serves all three roles, each with its own config file.
        wanted.redisTls ? startDockerRedisTls(docker, images.redis) : notStarted(),
        wanted.redisCluster ? startDockerRedisCluster(docker, images.redis) : notStarted(),
        startDockerS3(docker, images.s3, s3ServerOf(images.s3)),
        startDockerToxiproxy(docker, images.toxiproxy),
      ],
      () => docker.close(),
    );
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
