import type { RunDir } from '../process/run-dir.ts';
import type { ServiceEndpoints } from '../services/endpoints.ts';

/** The endpoints a provider reports (the run's id, log folder and provider are added by the caller). */
export type ProvidedEndpoints = Omit<ServiceEndpoints, 'runId' | 'logsDir' | 'provider'>;

/** Services a provider has running, and how to stop them all. */
export interface ProvidedServices {
  readonly endpoints: ProvidedEndpoints;
  stop(): Promise<void>;
}

/** Where the services come from: local binaries, Docker containers, or endpoints given to us. */
export interface ServiceProvider {
  readonly name: ProviderName;
  start(run: RunDir): Promise<ProvidedServices>;
}

export type ProviderName = ServiceEndpoints['provider'];
