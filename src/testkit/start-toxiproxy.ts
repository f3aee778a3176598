import { createRunDir } from './process/run-dir.ts';
import type { ServiceEndpoints } from './services/endpoints.ts';
import { startLocalToxiproxy } from './services/local-toxiproxy.ts';

/** A Toxiproxy started on its own by {@link startToxiproxy}. */
export interface RunningToxiproxy extends AsyncDisposable {
  /** Its REST API (`apiUrl`, for a `ToxiproxyClient`) and the host its proxies listen on. */
  readonly endpoint: ServiceEndpoints['toxiproxy'];
  /** Its log file, kept after it stops. */
  readonly logFile: string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a Toxiproxy alone, as a local process (the `toxiproxy-server` binary that
 * `scripts/install-services` builds), with its REST API on a free port of 127.0.0.1: for faults
 * in front of services that run elsewhere, which `startServices` does not start. It gets
 * a run folder of its own (`$BULWARK_RUNS_DIR`, else `bulwark-runs` in the temp folder) for its
 * log and pid record, and dies with this process like the services do: the reaper stops it,
 * and the next run's orphan sweep if the reaper died too.
 *
 * @example
 * ```ts
 * await using toxiproxy = await startToxiproxy();
 * const client = new ToxiproxyClient(toxiproxy.endpoint.apiUrl);
 * ```
 */
export async function startToxiproxy(): Promise<RunningToxiproxy> {
  const started = await startLocalToxiproxy(createRunDir());
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= started.stop());
  return {
    endpoint: started.endpoint,
    logFile: started.logFile,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
