import { readFileSync } from 'node:fs';
import type { ProvidedEndpoints, ServiceProvider } from './service-provider.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

/**
 * Services that are already running somewhere the tests can reach: their endpoints are read
 * from the JSON file named by `$BULWARK_ENDPOINTS_FILE` (the shape of ServiceEndpoints, less
 * runId and logsDir). Nothing is started or stopped.
 */
export const externalProvider: ServiceProvider = {
  name: 'external',
  async start() {
    const file = process.env['BULWARK_ENDPOINTS_FILE'];
    if (!file) {
      throw new TestKitSetupError(
        'BULWARK_SERVICES=external needs BULWARK_ENDPOINTS_FILE: a JSON file with the postgres, redis, s3 and toxiproxy endpoints',
      );
    }
    const endpoints = JSON.parse(readFileSync(file, 'utf8')) as ProvidedEndpoints;
    for (const service of ['postgres', 'redis', 's3', 'toxiproxy'] as const) {
      if (typeof endpoints[service] !== 'object')
        throw new TestKitSetupError(`${file} has no "${service}" endpoint`);
    }
    return { endpoints, stop: async () => undefined };
  },
};
