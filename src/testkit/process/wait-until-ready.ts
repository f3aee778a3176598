import type { ServiceProcess } from './service-process.ts';
import { ServiceStartError } from './service-start-error.ts';

/** How long a service may take to become ready: `$BULWARK_STARTUP_TIMEOUT_MS` or 30 s. */
export function startupTimeoutMs(): number {
  const fromEnv = Number(process.env['BULWARK_STARTUP_TIMEOUT_MS']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

/**
 * Polls `probe` until it resolves. Fails at once if the process exits, and after `timeoutMs`
 * otherwise, each time with the last probe error and the tail of the service's log.
 */
export async function waitUntilReady(
  service: ServiceProcess,
  probe: () => Promise<unknown>,
  timeoutMs = startupTimeoutMs(),
): Promise<void> {
  const started = performance.now();
  let lastError: unknown;
  for (let interval = 20; ; interval = Math.min(interval * 2, 250)) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
    }
    const why = lastError instanceof Error ? lastError.message : String(lastError);
    if (service.hasExited) {
      throw new ServiceStartError(
        `${service.name} exited before it was ready (exit: ${await service.exited}; last probe: ${why}).\n` +
          `Its log (${service.logFile}) ends with:\n${service.logTail()}`,
      );
    }
    if (performance.now() - started > timeoutMs) {
      throw new ServiceStartError(
        `${service.name} was not ready within ${timeoutMs} ms (last probe: ${why}); raise BULWARK_STARTUP_TIMEOUT_MS if the machine is slow.\n` +
          `Its log (${service.logFile}) ends with:\n${service.logTail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
