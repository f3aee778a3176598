import { redact } from '../index.ts';
import type { CallContext } from '../index.ts';
import { parseUrl } from './request-parts.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

/** What the pipeline reports of a request: its operation name and log context. */
export interface RequestFacts {
  /** `METHOD /path` (the default operation name). */
  readonly operation: string;
  /** `{ method, url }`, frozen and shared by every call of this method on this target. */
  readonly context: CallContext;
}

/** A request path resolved against the base URL. */
export interface Target {
  readonly origin: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly pathname: string;
  /** The full URL with credentials and secret query values redacted, for errors and logs. */
  readonly shown: string;
  /** Facts per method, made on a method's first call. */
  readonly facts: Map<string, RequestFacts>;
}

/** The facts of calling `method` on `target`, made once per method and target. */
export function requestFacts(target: Target, method: string): RequestFacts {
  let facts = target.facts.get(method);
  if (facts === undefined) {
    facts = {
      operation: `${method} ${target.pathname}`,
      context: Object.freeze({ method, url: target.shown }),
    };
    target.facts.set(method, facts);
  }
  return facts;
}

// Bounded: a client that builds a new path per call (ids in the path) must not grow without end.
const targetCacheSize = 1_000;

/** Request paths resolved, and redacted, once per distinct path (most clients call few). */
export class TargetCache {
  readonly #baseUrl: URL | undefined;
  readonly #targets = new Map<string, Target>();
  /** The origin of the last request: the base URL's until one is made. */
  lastOrigin: string | undefined;

  constructor(baseUrl: URL | undefined) {
    this.#baseUrl = baseUrl;
    this.lastOrigin = baseUrl?.origin;
  }

  /** Where `path` goes; throws a TypeError for a path that is not a non-empty string. */
  get(path: string): Target {
    const cached = this.#targets.get(path);
    if (cached) {
      this.lastOrigin = cached.origin;
      return cached;
    }
    if (typeof path !== 'string' || path === '') {
      throw new InvalidArgumentError(
        `bulwark: request path must be a non-empty string (got ${String(path)})`,
      );
    }
    const url = this.#baseUrl
      ? new URL(path.replace(/^\//, ''), this.#baseUrl)
      : parseUrl(path, 'path');
    const target: Target = {
      origin: url.origin,
      path: url.pathname + url.search,
      pathname: url.pathname,
      // Redaction runs regular expressions; a URL without credentials or a query needs none.
      shown:
        url.search === '' && url.username === '' && url.password === ''
          ? url.href
          : redact(url.href),
      facts: new Map(),
    };
    if (this.#targets.size >= targetCacheSize) this.#targets.clear();
    this.#targets.set(path, target);
    this.lastOrigin = target.origin;
    return target;
  }
}
