import type { TestProject } from 'vitest/node';
import { createWorkerDatabases } from '../services/worker-databases.ts';
import { servicesKey } from '../services/endpoints.ts';
import { startServices } from '../start-services.ts';
import './provided-context.ts';

/**
 * vitest global setup: starts the services once per run, makes a database for each worker,
 * and hands the endpoints to the workers (`inject('bulwarkServices')`). They are stopped when
 * the run ends; if the run is killed, the reaper and the next run's sweep stop them.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startServices();
  try {
    const workers = Math.max(1, Number(project.globalConfig.maxWorkers) || 1);
    await createWorkerDatabases(services.endpoints.postgres, workers);
  } catch (error) {
    await services.stop();
    throw error;
  }
  project.provide(servicesKey, services.endpoints);
  if (process.env['BULWARK_TEST_LOGS']) {
    console.log(
      `bulwark: ${services.provider} services ready in ${services.startupMs.toFixed(0)} ms; logs in ${services.endpoints.logsDir}`,
    );
  }
  return () => services.stop();
}
