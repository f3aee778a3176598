import { createRunDir } from './process/run-dir.ts';
import { sweepOrphans } from './process/sweep-orphans.ts';
import { selectProvider } from './providers/select-provider.ts';
import type { ServiceEndpoints } from './services/endpoints.ts';
import { everyOptionalService, type OptionalServices } from './providers/service-provider.ts';

/** The test services of one run. */
export interface RunningServices extends AsyncDisposable {
  readonly endpoints: ServiceEndpoints;
  /** Which provider started them. */
  readonly provider: string;
  /** How long the start took, in ms. */
  readonly startupMs: number;
  stop(): Promise<void>;
}

/** Options of {@link startServices}: the services a run may go without (default: all started). */
export type StartServicesOptions = Partial<OptionalServices>;

/**
 * Starts PostgreSQL, Redis (plain, TLS-only, and a Cluster of six nodes, unless `options`
 * leaves the last two out), an S3 server and Toxiproxy on random ports, after sweeping up
 * what crashed runs left behind. The provider is chosen by `$BULWARK_SERVICES` (default:
 * Docker when an engine answers, local binaries otherwise).
 */
export async function startServices(options: StartServicesOptions = {}): Promise<RunningServices> {
  const started = performance.now();
  sweepOrphans();
  const provider = await selectProvider();
  const run = createRunDir();
  const provided = await provider.start(run, { ...everyOptionalService, ...options });
  const endpoints: ServiceEndpoints = {
    runId: run.id,
    logsDir: run.logsDir,
    provider: provider.name,
    ...provided.endpoints,
  };
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= provided.stop());
  return {
    endpoints,
    provider: provider.name,
    startupMs: performance.now() - started,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
