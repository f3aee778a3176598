import { randomBytes } from 'node:crypto';
import { checkName } from '../../core/validate.ts';
import { formatAddress, parseListenAddress } from './listen-address.ts';
import type { AddedToxic, Toxic } from './toxic.ts';
import type { ToxiproxyClient } from './toxiproxy-client.ts';
import { ToxiproxyError } from './toxiproxy-error.ts';
import { InvalidOptionError } from '../../core/error-catalogue.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

/** A toxic acting on a proxy; removing or disposing it restores normal behaviour. */
export interface Fault extends AsyncDisposable {
  /** The toxic's name within its proxy. */
  readonly name: string;
  /** The toxic as Toxiproxy accepted it. */
  readonly toxic: AddedToxic;
  /** Removes the toxic. Idempotent: a toxic already gone (by `clear()`, say) is fine. */
  remove(): Promise<void>;
}

/**
 * A proxy of one's own in front of one service, for one test: faults injected here disturb
 * no other test. Connect the client under test to `host`/`port` (or `address`).
 */
export interface FaultProxy extends AsyncDisposable {
  readonly name: string;
  /** Where clients connect. */
  readonly host: string;
  /** The port Toxiproxy really listens on (chosen by the OS). */
  readonly port: number;
  /** `host:port`. */
  readonly address: string;
  /** The service behind the proxy, as seen from Toxiproxy. */
  readonly upstream: string;
  /** Adds a toxic; it acts on open connections as well as new ones. */
  inject(toxic: Toxic): Promise<Fault>;
  /**
   * Takes the proxy down: open connections are closed and new ones refused (ECONNREFUSED)
   * until `up()`, or until the returned handle is disposed.
   */
  down(): Promise<AsyncDisposable>;
  /** Brings the proxy back up, on the same port. */
  up(): Promise<void>;
  /** Removes every toxic and brings the proxy up: the service as it was. */
  clear(): Promise<void>;
  /** Deletes the proxy, closing its connections. Idempotent. */
  dispose(): Promise<void>;
}

/** Where and in front of what to make a fault proxy. */
export interface FaultProxyOptions {
  /** `host:port` of the service, as seen from Toxiproxy (a service's `proxyUpstream`). */
  readonly upstream: string;
  /** Default: unique across processes, workers and calls (`bulwark-p123-w2-9f3a1c-7`). */
  readonly name?: string;
  /** The host Toxiproxy listens on for this proxy; default `127.0.0.1`. */
  readonly listenHost?: string;
  /**
   * Toxiproxy in a container: proxies must listen on one of these container ports (keys),
   * reached from here at `connectHost` and the published port (values). See
   * ServiceEndpoints' `toxiproxy.publishedPorts`.
   */
  readonly publishedPorts?: Readonly<Record<string, number>> | undefined;
  /** Where clients reach published ports (`toxiproxy.proxyHost`). */
  readonly connectHost?: string;
}

// pid and pool id keep parallel workers apart; the random part keeps apart machines, or
// successive runs, sharing one Toxiproxy (a proxy left by a killed run must not clash).
const processTag = `p${process.pid}-w${process.env['VITEST_POOL_ID'] ?? 0}-${randomBytes(3).toString('hex')}`;
let proxyCount = 0;

/** Creates a proxy in front of `upstream`, listening on a free port. */
export async function createFaultProxy(
  client: ToxiproxyClient,
  options: FaultProxyOptions,
): Promise<FaultProxy> {
  const upstream = checkName('upstream', options.upstream);
  if (parseListenAddress(upstream) === undefined) {
    throw new InvalidOptionError(`bulwark: option upstream must be host:port (got ${upstream})`);
  }
  const name = checkName('name', options.name ?? `bulwark-${processTag}-${++proxyCount}`);
  const listenHost = checkName('listenHost', options.listenHost ?? '127.0.0.1');
  if (options.publishedPorts)
    return createPublished(client, name, upstream, options.publishedPorts, options.connectHost);
  const proxy = await client.createProxy({ name, upstream, listen: formatAddress(listenHost, 0) });
  return new ToxiproxyFaultProxy(client, name, upstream, connectHost(proxy.host), proxy.port);
}

/**
 * Docker cannot publish a port chosen later, so a containerised Toxiproxy publishes a pool;
 * each proxy takes the first pool port that no other proxy (of any worker) holds.
 */
async function createPublished(
  client: ToxiproxyClient,
  name: string,
  upstream: string,
  publishedPorts: Readonly<Record<string, number>>,
  host = '127.0.0.1',
): Promise<FaultProxy> {
  const taken = new Set((await client.listProxies()).map((proxy) => proxy.port));
  for (const [containerPort, hostPort] of Object.entries(publishedPorts)) {
    if (taken.has(Number(containerPort))) continue;
    try {
      await client.createProxy({ name, upstream, listen: `0.0.0.0:${containerPort}` });
      return new ToxiproxyFaultProxy(client, name, upstream, host, hostPort);
    } catch (error) {
      // Another worker took it between the listing and the bind: try the next.
      if (!(error instanceof ToxiproxyError)) throw error;
    }
  }
  throw new TestKitSetupError(
    `every published Toxiproxy port is in use (${Object.keys(publishedPorts).length}); dispose proxies when tests end`,
  );
}

/** A wildcard listen address accepts connections, but cannot be connected to as such. */
function connectHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  return host === '::' ? '::1' : host;
}

function isNotFound(error: unknown): boolean {
  return error instanceof ToxiproxyError && error.status === 404;
}

class ToxiproxyFaultProxy implements FaultProxy {
  readonly name: string;
  readonly upstream: string;
  readonly host: string;
  readonly port: number;
  readonly address: string;
  readonly #client: ToxiproxyClient;
  #toxicCount = 0;
  #disposed = false;

  constructor(client: ToxiproxyClient, name: string, upstream: string, host: string, port: number) {
    this.#client = client;
    this.name = name;
    this.upstream = upstream;
    this.host = host;
    this.port = port;
    this.address = formatAddress(host, port);
  }

  async inject(toxic: Toxic): Promise<Fault> {
    // Toxiproxy's default name (`latency_downstream`) would refuse a second toxic of the
    // same type and direction; a counter lets a test stack them.
    const name = toxic.name ?? `${toxic.type}_${toxic.stream}_${++this.#toxicCount}`;
    const added = await this.#client.addToxic(this.name, { ...toxic, name });
    return new ProxyFault(this.#client, this.name, added);
  }

  async down(): Promise<AsyncDisposable> {
    await this.#client.setEnabled(this.name, false);
    return { [Symbol.asyncDispose]: () => this.up() };
  }

  async up(): Promise<void> {
    await this.#client.setEnabled(this.name, true);
  }

  async clear(): Promise<void> {
    const proxy = await this.#client.getProxy(this.name);
    await Promise.all(proxy.toxics.map((t) => this.#client.removeToxic(this.name, t.name)));
    if (!proxy.enabled) await this.up();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    try {
      await this.#client.deleteProxy(this.name);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    this.#disposed = true;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}

class ProxyFault implements Fault {
  readonly name: string;
  readonly toxic: AddedToxic;
  readonly #client: ToxiproxyClient;
  readonly #proxyName: string;
  #removed = false;

  constructor(client: ToxiproxyClient, proxyName: string, toxic: AddedToxic) {
    this.#client = client;
    this.#proxyName = proxyName;
    this.toxic = toxic;
    this.name = toxic.name;
  }

  async remove(): Promise<void> {
    if (this.#removed) return;
    try {
      await this.#client.removeToxic(this.#proxyName, this.name);
    } catch (error) {
      // Gone already: cleared, or its proxy deleted. Either way the fault is over.
      if (!isNotFound(error)) throw error;
    }
    this.#removed = true;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.remove();
  }
}
