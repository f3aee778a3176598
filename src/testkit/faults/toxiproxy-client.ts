import { checkInteger, checkName } from '../../core/validate.ts';
import { parseListenAddress } from './listen-address.ts';
import type { AddedToxic, Toxic } from './toxic.ts';
import { ToxiproxyError, describeFailure, errorText } from './toxiproxy-error.ts';
import { decodeProxies, decodeProxy, decodeToxic } from './toxiproxy-proxy.ts';
import type { ToxiproxyProxy } from './toxiproxy-proxy.ts';
import { redact } from '../../core/redact.ts';
import { InvalidOptionError } from '../../core/error-catalogue.ts';

/** What a new proxy needs. */
export interface CreateProxyOptions {
  /** Unique within the Toxiproxy server. */
  readonly name: string;
  /** `host:port` of the service, as seen from Toxiproxy. */
  readonly upstream: string;
  /** Default `127.0.0.1:0`: a free port chosen by the OS, reported back by Toxiproxy. */
  readonly listen?: string;
  /** Default true. */
  readonly enabled?: boolean;
}

/** Options of the client itself. */
export interface ToxiproxyClientOptions {
  /** Per request; default 10 000. A hung Toxiproxy fails the test instead of stalling it. */
  readonly requestTimeoutMs?: number;
}

/** A typed client of Toxiproxy's REST API (v2), over Node's global `fetch`. */
export class ToxiproxyClient {
  /** `http://host:port` of the API, without a trailing slash. */
  readonly apiUrl: string;
  readonly #requestTimeoutMs: number;

  constructor(apiUrl: string, options: ToxiproxyClientOptions = {}) {
    const url = URL.canParse(apiUrl) ? new URL(apiUrl) : undefined;
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidOptionError(
        `bulwark: option apiUrl must be an http(s) URL (got ${redact(apiUrl)})`,
      );
    }
    this.apiUrl = apiUrl.replace(/\/+$/, '');
    this.#requestTimeoutMs = checkInteger(
      'requestTimeoutMs',
      options.requestTimeoutMs ?? 10_000,
      1,
    );
  }

  /** The server's version (`2.12.0`); also a cheap check that the API answers. */
  async version(): Promise<string> {
    const text = await this.#request('read the version', 'GET', '/version');
    // Toxiproxy 2.6 and later answer `{"version": "..."}`; older ones, the bare text.
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && 'version' in value) {
        return String(value.version);
      }
    } catch {
      // Not JSON: an older server's plain-text answer.
    }
    return text.trim();
  }

  /** Creates a proxy and returns it with the address it really listens on. */
  async createProxy(options: CreateProxyOptions): Promise<ToxiproxyProxy> {
    const name = checkName('name', options.name);
    const upstream = checkName('upstream', options.upstream);
    const listen = checkName('listen', options.listen ?? '127.0.0.1:0');
    const address = parseListenAddress(listen);
    if (address === undefined) {
      throw new InvalidOptionError(`bulwark: option listen must be host:port (got ${listen})`);
    }
    const enabled = options.enabled ?? true;
    // Toxiproxy binds, and so learns the port the OS chose, only when the proxy starts: a
    // proxy created disabled on port 0 reports `:0`. Create it enabled, then disable it.
    const startFirst = !enabled && address.port === 0;
    const operation = `create proxy "${name}" to ${upstream}`;
    const body = { name, upstream, listen, enabled: enabled || startFirst };
    const proxy = this.#decode(
      operation,
      decodeProxy,
      await this.#json(operation, 'POST', '/proxies', body),
    );
    return startFirst ? this.setEnabled(name, false) : proxy;
  }

  /** The proxy as it is now, toxics included. */
  async getProxy(name: string): Promise<ToxiproxyProxy> {
    const operation = `get proxy "${name}"`;
    return this.#decode(
      operation,
      decodeProxy,
      await this.#json(operation, 'GET', proxyPath(name)),
    );
  }

  /** Every proxy on the server, whoever made it. */
  async listProxies(): Promise<ToxiproxyProxy[]> {
    const operation = 'list proxies';
    return this.#decode(operation, decodeProxies, await this.#json(operation, 'GET', '/proxies'));
  }

  /**
   * Starts or stops a proxy. Stopped, it closes its connections and its listener, so new
   * connections are refused; started again, it listens on the same port.
   */
  async setEnabled(name: string, enabled: boolean): Promise<ToxiproxyProxy> {
    const operation = `${enabled ? 'enable' : 'disable'} proxy "${name}"`;
    const answer = await this.#json(operation, 'POST', proxyPath(name), { enabled });
    return this.#decode(operation, decodeProxy, answer);
  }

  /** Deletes a proxy, closing its connections. */
  async deleteProxy(name: string): Promise<void> {
    await this.#request(`delete proxy "${name}"`, 'DELETE', proxyPath(name));
  }

  /** Adds a toxic; it acts on the proxy's open connections as well as on new ones. */
  async addToxic(proxyName: string, toxic: Toxic): Promise<AddedToxic> {
    const named = toxic.name === undefined ? '' : ` "${toxic.name}"`;
    const operation = `add ${toxic.type} toxic${named} to proxy "${proxyName}"`;
    const answer = await this.#json(operation, 'POST', `${proxyPath(proxyName)}/toxics`, toxic);
    return this.#decode(operation, decodeToxic, answer);
  }

  /** Removes a toxic; the proxy's connections behave normally again. */
  async removeToxic(proxyName: string, toxicName: string): Promise<void> {
    const operation = `remove toxic "${toxicName}" from proxy "${proxyName}"`;
    const path = `${proxyPath(proxyName)}/toxics/${encodeURIComponent(toxicName)}`;
    await this.#request(operation, 'DELETE', path);
  }

  async #json(operation: string, method: string, path: string, body?: object): Promise<unknown> {
    const text = await this.#request(operation, method, path, body);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw this.#error(operation, 200, `the answer is not JSON: ${text.slice(0, 200)}`, error);
    }
  }

  #decode<T>(operation: string, decode: (value: unknown) => T | string, value: unknown): T {
    const decoded = decode(value);
    if (typeof decoded === 'string') throw this.#error(operation, 200, decoded);
    return decoded;
  }

  async #request(operation: string, method: string, path: string, body?: object): Promise<string> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.apiUrl + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw this.#error(
        operation,
        undefined,
        describeFailure(error, this.#requestTimeoutMs),
        error,
      );
    }
    if (!response.ok) throw this.#error(operation, response.status, errorText(text));
    return text;
  }

  #error(
    operation: string,
    status: number | undefined,
    reason: string,
    cause?: unknown,
  ): ToxiproxyError {
    const facts = { operation, apiUrl: this.apiUrl, status, reason };
    return new ToxiproxyError(cause === undefined ? facts : { ...facts, cause });
  }
}

function proxyPath(name: string): string {
  return `/proxies/${encodeURIComponent(name)}`;
}
