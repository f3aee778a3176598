import type { RunDir } from '../process/run-dir.ts';
import { startLocalPostgres } from '../services/local-postgres.ts';
import { startLocalRedis } from '../services/local-redis.ts';
import { startLocalS3 } from '../services/local-s3.ts';
import { startLocalToxiproxy } from '../services/local-toxiproxy.ts';
import type { StartedService } from '../services/started-service.ts';
import type { ProvidedServices, ServiceProvider } from './service-provider.ts';

/**
 * Services as local processes: PostgreSQL and Redis from Debian packages, versitygw (S3) and
 * Toxiproxy built from the Go module proxy. Started side by side; if one fails, the others
 * are stopped before the error (with the failing service's log) is thrown.
 */
export const localProvider: ServiceProvider = {
  name: 'local',
  async start(run: RunDir): Promise<ProvidedServices> {
    const starts = [
      startLocalPostgres(run),
      startLocalRedis(run),
      startLocalS3(run),
      startLocalToxiproxy(run),
    ] as const;
    const settled = await Promise.allSettled(starts);
    const started = settled.flatMap((result) =>
      result.status === 'fulfilled' ? [result.value as StartedService<unknown>] : [],
    );
    const failures = settled.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    const stop = async () => {
      await Promise.all(started.map((service) => service.stop()));
    };
    if (failures.length > 0) {
      await stop();
      const messages = failures.map((failure) =>
        failure instanceof Error ? failure.message : String(failure),
      );
      throw new Error(`could not start the test services:\n${messages.join('\n\n')}`);
    }
    const [postgres, redis, s3, toxiproxy] = await Promise.all(starts);
    return {
      endpoints: {
        postgres: postgres.endpoint,
        redis: redis.endpoint,
        s3: s3.endpoint,
        toxiproxy: toxiproxy.endpoint,
      },
      stop,
    };
  },
};
