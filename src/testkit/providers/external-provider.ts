import { readFileSync } from 'node:fs';
import type { ProvidedEndpoints, ServiceProvider } from './service-provider.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

const required = ['postgres', 'redis', 's3', 'toxiproxy'] as const;
const optional = ['redisTls', 'redisCluster'] as const;

/**
 * Services that are already running somewhere the tests can reach: their endpoints are read
 * from the JSON file named by `$BULWARK_ENDPOINTS_FILE` (the shape of ServiceEndpoints, less
 * runId and logsDir). Nothing is started or stopped. `redisTls` and `redisCluster` may be left
 * out; they are then not offered, and a test that needs one fails saying so (requireService).
 */
export const externalProvider: ServiceProvider = {
  name: 'external',
  async start() {
    const file = process.env['BULWARK_ENDPOINTS_FILE'];
    if (!file) {
      throw new TestKitSetupError(
        'BULWARK_SERVICES=external needs BULWARK_ENDPOINTS_FILE: a JSON file with the postgres, redis, s3 and toxiproxy endpoints (redisTls and redisCluster optional)',
      );
    }
    const given = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const service of required) {
      if (typeof given[service] !== 'object' || given[service] === null)
        throw new TestKitSetupError(`${file} has no "${service}" endpoint`);
    }
    for (const service of optional) {
      const endpoint = given[service];
      if (endpoint !== undefined && (typeof endpoint !== 'object' || endpoint === null))
        throw new TestKitSetupError(`${file}: "${service}" must be an endpoint object or absent`);
    }
    const endpoints = {
      redisTls: undefined,
      redisCluster: undefined,
      ...given,
    } as unknown as ProvidedEndpoints;
    return { endpoints, stop: async () => undefined };
  },
};
