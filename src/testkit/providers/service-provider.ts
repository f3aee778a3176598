import type { RunDir } from '../process/run-dir.ts';
import type { ServiceEndpoints } from '../services/endpoints.ts';

/** The endpoints a provider reports (the run's id, log folder and provider are added by the caller). */
export type ProvidedEndpoints = Omit<ServiceEndpoints, 'runId' | 'logsDir' | 'provider'>;

/** Services a provider has running, and how to stop them all. */
export interface ProvidedServices {
  readonly endpoints: ProvidedEndpoints;
  stop(): Promise<void>;
}

/** The services a run may go without, and whether this one wants each. */
export interface OptionalServices {
  /** A Redis that speaks TLS only. */
  readonly redisTls: boolean;
  /** A Redis Cluster of six nodes. */
  readonly redisCluster: boolean;
}

/** Where the services come from: local binaries, Docker containers, or endpoints given to us. */
export interface ServiceProvider {
  readonly name: ProviderName;
  /** Starts what `wanted` asks for (every optional service, by default). */
  start(run: RunDir, wanted?: OptionalServices): Promise<ProvidedServices>;
}

export const everyOptionalService: OptionalServices = { redisTls: true, redisCluster: true };

export type ProviderName = ServiceEndpoints['provider'];
