import type { StartedTestContainer } from 'testcontainers';

/**
 * The host at which a container's published ports are reached. testcontainers says
 * `localhost` for a local engine; the kit's endpoints use the IPv4 loopback address, as the
 * local provider does, so every client and Toxiproxy resolve it the same way.
 */
export function publishedHost(container: StartedTestContainer): string {
  return loopbackForLocalhost(container.getHost());
}

/** `localhost` as `127.0.0.1`; any other host as it is. */
export function loopbackForLocalhost(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}
