import type { StartedService } from '../services/started-service.ts';
import { ServiceStartError } from '../process/service-start-error.ts';

type Starts = readonly [
  Promise<StartedService<unknown>>,
  ...ReadonlyArray<Promise<StartedService<unknown>>>,
];

/** Services started together, and how to stop them all. */
export interface StartedSideBySide<T extends Starts> {
  readonly services: { readonly [K in keyof T]: Awaited<T[K]> };
  stop(): Promise<void>;
}

/**
 * Waits for services that start side by side. If one fails, the others are stopped (and
 * `afterStop` run) before one error with every failure's message (the service's log included)
 * is thrown; nothing is left running.
 */
export async function startSideBySide<T extends Starts>(
  starts: T,
  afterStop: () => Promise<void> = async () => undefined,
): Promise<StartedSideBySide<T>> {
  const settled = await Promise.allSettled(starts);
  const started = settled.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const stop = async () => {
    await Promise.all(started.map((service) => service.stop()));
    await afterStop();
  };
  const failures = settled.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    await stop();
    const messages = failures.map((failure) =>
      failure instanceof Error ? failure.message : String(failure),
    );
    throw new ServiceStartError(`could not start the test services:\n${messages.join('\n\n')}`);
  }
  const services = started as unknown as StartedSideBySide<T>['services'];
  return { services, stop };
}
