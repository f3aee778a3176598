import { parseListenAddress } from './listen-address.ts';
import type { AddedToxic } from './toxic.ts';

/** A proxy as Toxiproxy reports it, with its listen address split for connecting. */
export interface ToxiproxyProxy {
  readonly name: string;
  /** The address Toxiproxy listens on, as it reports it (`127.0.0.1:40123`). */
  readonly listen: string;
  readonly host: string;
  /** The real port, never 0 while enabled: Toxiproxy reports the one the OS chose. */
  readonly port: number;
  /** Where Toxiproxy forwards connections, as seen from Toxiproxy. */
  readonly upstream: string;
  /** False while the proxy is down: it does not listen, so connections are refused. */
  readonly enabled: boolean;
  readonly toxics: readonly AddedToxic[];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isToxic(value: unknown): value is AddedToxic {
  return (
    isRecord(value) &&
    typeof value['name'] === 'string' &&
    typeof value['type'] === 'string' &&
    typeof value['stream'] === 'string' &&
    typeof value['toxicity'] === 'number' &&
    isRecord(value['attributes'])
  );
}

/**
 * Reads a proxy from Toxiproxy's JSON, or explains what was wrong with it: the answer comes
 * from another process (perhaps another version), so it is checked, not trusted.
 */
export function decodeProxy(value: unknown): ToxiproxyProxy | string {
  if (!isRecord(value)) return 'the answer is not a JSON object';
  const { name, listen, upstream, enabled, toxics } = value;
  if (typeof name !== 'string' || typeof listen !== 'string' || typeof upstream !== 'string') {
    return 'name, listen or upstream is missing';
  }
  if (typeof enabled !== 'boolean') return 'enabled is missing';
  const address = parseListenAddress(listen);
  if (address === undefined) return `listen address ${JSON.stringify(listen)} is malformed`;
  const list: readonly unknown[] = Array.isArray(toxics) ? toxics : [];
  if (!list.every(isToxic)) return 'toxics is malformed';
  return { name, listen, ...address, upstream, enabled, toxics: list };
}

/** Reads a toxic from Toxiproxy's JSON, or explains what was wrong with it. */
export function decodeToxic(value: unknown): AddedToxic | string {
  return isToxic(value) ? value : 'the answer is not a toxic';
}

/** Reads the map of all proxies (`GET /proxies`), or explains what was wrong with it. */
export function decodeProxies(value: unknown): ToxiproxyProxy[] | string {
  if (!isRecord(value)) return 'the answer is not a JSON object';
  const proxies: ToxiproxyProxy[] = [];
  for (const entry of Object.values(value)) {
    const proxy = decodeProxy(entry);
    if (typeof proxy === 'string') return proxy;
    proxies.push(proxy);
  }
  return proxies;
}
