import { Agent, request } from 'undici';
import { createHttpClient, classifyHttp } from 'bulwark/http';
import { loadPolicies } from './load-policies.ts';
import { drillPolicies, type SideClient, type Workload } from './workload.ts';

/** Sockets per side: the same for bulwark's agent and the raw one. */
const connections = 64;

/**
 * GETs one URL over and over. HTTP calls are reads only: the drill cannot know which writes a
 * user's API accepts, so there is nothing to audit.
 */
export function httpWorkload(targetUrl: string): Workload {
  const url = new URL(targetUrl);
  const path = `${url.pathname}${url.search}`;
  const reachable = `${url.protocol}//${url.host}${url.pathname}`;
  return {
    client: 'http',
    target: reachable,
    upstream: url.host,
    speaksHttp: true,
    connections,
    classify: (error) => classifyHttp(error).kind,
    writes: false,
    countsRepeats: false,
    // One GET, as the drill will make them, so a wrong URL fails here and not in every call.
    prepare: async () => {
      const response = await request(targetUrl, { headersTimeout: 5_000, bodyTimeout: 5_000 });
      await response.body.dump();
      if (response.statusCode >= 400) {
        const status = response.statusCode;
        throw Object.assign(new Error(`HTTP ${status}`), { status });
      }
    },
    open(side, address, profile, options = {}): SideClient {
      const origin = `${url.protocol}//${address.host}:${address.port}`;
      const unsupported = () => Promise.reject(new Error('the HTTP workload only reads'));
      if (side === 'raw') {
        // undici as most code uses it: its default timeouts (five minutes), no retries.
        const agent = new Agent({ connections });
        return {
          write: unsupported,
          read: async () => {
            const response = await request(`${origin}${path}`, { dispatcher: agent });
            await response.body.dump();
            if (response.statusCode >= 400) {
              const status = response.statusCode;
              throw Object.assign(new Error(`HTTP ${status}`), { status });
            }
          },
          close: () => agent.close(),
        };
      }
      const load = loadPolicies({ hedge: true, overloadable: options.overloadable === true });
      const client = createHttpClient({
        baseUrl: origin,
        connections,
        service: 'http',
        ...drillPolicies(profile),
        ...load.options,
      });
      return {
        write: unsupported,
        read: async () => void (await client.get(path)),
        close: () => client.close(),
        events: client.events,
        limit: load.limit,
      };
    },
    applied: async () => new Map(),
    cleanup: async () => undefined,
  };
}
