/** A service a provider started (or found), with where to reach it and how to stop it. */
export interface StartedService<Endpoint> {
  readonly endpoint: Endpoint;
  /** The service's log file, when the provider keeps one. */
  readonly logFile: string | undefined;
  /** Stops the service and removes its data (keeps its log). */
  stop(): Promise<void>;
}

/** A service the run did not ask for: no endpoint, nothing to stop. */
export function notStarted(): Promise<StartedService<undefined>> {
  return Promise.resolve({ endpoint: undefined, logFile: undefined, stop: async () => undefined });
}
