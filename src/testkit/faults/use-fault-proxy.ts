import { inject, onTestFinished } from 'vitest';
import type { TestContext } from 'vitest';
import type { ProvidedServices } from '../vitest/provided-context.ts';
import { createFaultProxy } from './fault-proxy.ts';
import type { FaultProxy } from './fault-proxy.ts';
import { ToxiproxyClient } from './toxiproxy-client.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

/** Options of {@link useFaultProxy}. */
export interface UseFaultProxyOptions {
  /** Default: a client of the Toxiproxy that global setup provides (`bulwarkServices`). */
  readonly client?: ToxiproxyClient;
  /** Default: a unique name. */
  readonly name?: string;
  /** Default: the provided `toxiproxy.proxyHost`, or `127.0.0.1` with an explicit client. */
  readonly listenHost?: string;
  /**
   * The test's context, for `test.concurrent`: there the module-level `onTestFinished`
   * cannot tell which test is running, so the context's own must be used.
   */
  readonly context?: Pick<TestContext, 'onTestFinished'>;
}

/**
 * Makes a fault proxy in front of `upstream` for the running test, and deletes it when the
 * test finishes, passed or failed. Call it inside a test, not in `beforeAll`.
 *
 * @example
 * const proxy = await useFaultProxy(inject('bulwarkServices').redis.proxyUpstream);
 * await proxy.inject(latency({ latencyMs: 200 }));
 */
export async function useFaultProxy(
  upstream: string,
  options: UseFaultProxyOptions = {},
): Promise<FaultProxy> {
  let client = options.client;
  let listenHost = options.listenHost;
  let published: Readonly<Record<string, number>> | undefined;
  let connectHost: string | undefined;
  if (client === undefined) {
    // Typed as always there, but absent at run time when no global setup provided it.
    const services: ProvidedServices | undefined = inject('bulwarkServices');
    if (services === undefined) {
      throw new TestKitSetupError(
        'bulwark: useFaultProxy found no Toxiproxy: no global setup provided ' +
          "'bulwarkServices', and no client was given",
      );
    }
    client = new ToxiproxyClient(services.toxiproxy.apiUrl);
    listenHost ??= services.toxiproxy.proxyHost;
    published = services.toxiproxy.publishedPorts;
    connectHost = services.toxiproxy.proxyHost;
  }
  // Registered first, while vitest still knows which test is running, and so that a call
  // outside a test throws before any proxy exists to leak. The hook runs after the test,
  // by which time `creating` below is set.
  (options.context?.onTestFinished ?? onTestFinished)(async () => {
    const proxy = await creating.catch(() => undefined);
    await proxy?.dispose();
  });
  const creating = createFaultProxy(client, {
    upstream,
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(listenHost === undefined ? {} : { listenHost }),
    ...(published === undefined ? {} : { publishedPorts: published }),
    ...(connectHost === undefined ? {} : { connectHost }),
  });
  return creating;
}
