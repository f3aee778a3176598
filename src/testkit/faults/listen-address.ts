/** A `host:port` address split in two; IPv6 hosts lose their brackets (`[::1]:80` → `::1`). */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Splits Toxiproxy's `listen` address. Returns undefined when it is malformed, so the caller
 * can say which proxy reported it.
 */
export function parseListenAddress(address: string): HostPort | undefined {
  const colon = address.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const digits = address.slice(colon + 1);
  const port = Number(digits);
  if (!/^\d{1,5}$/.test(digits) || port > 65_535) return undefined;
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return host === '' ? undefined : { host, port };
}

/** Formats `host:port`, bracketing IPv6 hosts so the result parses back. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
