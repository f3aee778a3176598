// bulwark/http against a real HTTP server (the test kit's scriptable upstream) reached through
// a real Toxiproxy: the ten categories of tests/integration/README.md.
import { onTestFinished } from 'vitest';
import { createHttpClient, type HttpClientOptions } from '../../../../src/http/index.ts';
import { recordEvents, startHttpUpstream } from '../../../../src/testkit/index.ts';
import { useFaultProxy } from '../../../../src/testkit/vitest/index.ts';

export { gaps } from '../../support/gaps.ts';

export async function setup(options: Partial<HttpClientOptions> = {}) {
  const upstream = await startHttpUpstream();
  onTestFinished(() => upstream.close());
  const proxy = await useFaultProxy(upstream.proxyUpstream);
  const client = createHttpClient({
    service: 'api',
    baseUrl: `http://${proxy.host}:${proxy.port}/`,
    retry: { maxAttempts: 3, backoff: { initialDelayMs: 50, jitter: 'none' }, budget: false },
    timeout: { attemptMs: 2_000, totalMs: 10_000 },
    ...options,
  });
  onTestFinished(() => client.close());
  const { events, of } = recordEvents(client.events);
  return { upstream, proxy, client, events, of };
}
