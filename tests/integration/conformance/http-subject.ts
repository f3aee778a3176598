// bulwark's HTTP client for the conformance suite, against a real HTTP server of the test's
// own: reads are GET /health, writes POST /items with the key as body, counted as the server
// received them.
import { afterAll, beforeAll } from 'vitest';
import { createHttpClient, type HttpClient } from '../../../src/http/index.ts';
import type {
  ClientUnderTest,
  ConformanceSubject,
  Endpoint,
} from '../../../src/testkit/conformance/index.ts';
import { startHttpUpstream, type HttpUpstream } from '../../../src/testkit/index.ts';

let upstream: HttpUpstream | undefined;
beforeAll(async () => {
  upstream = await startHttpUpstream();
  upstream.script('GET /health', { status: 200, body: { ok: true } });
  upstream.script('POST /items', { status: 201 });
});
afterAll(() => upstream?.close());

function server(): HttpUpstream {
  if (upstream === undefined) throw new Error('the HTTP upstream has not started');
  return upstream;
}

/** A token the client sends with every request: it must never be logged. */
const token = 'conformance-secret-token-8f2c';

export const bulwarkHttp: ConformanceSubject<ClientUnderTest & { http: HttpClient }> = {
  name: 'bulwark/http',
  speaksHttp: true,
  service: () => server().proxyUpstream,
  build: (endpoint: Endpoint, policies) => {
    const http = createHttpClient({
      baseUrl: `http://${endpoint.host}:${endpoint.port}`,
      headers: { authorization: `Bearer ${token}` },
      ...policies,
    });
    return {
      http,
      read: () => http.request('GET', '/health'),
      write: (key) => http.request('POST', '/items', { body: key, idempotent: false }),
      close: () => http.close(),
      events: http.events,
    };
  },
  timesWritten: async (key) =>
    server()
      .requests('POST /items')
      .filter((r) => r.body === key).length,
  failFast: ({ http }) => http.request('GET', '/missing'),
  secrets: [token],
  spanAttributes: { 'http.request.method': 'GET' },
};
