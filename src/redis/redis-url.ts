import { InvalidOptionError } from '../core/error-catalogue.ts';

/** What a `redis://` URL says about where and how to connect. */
export interface RedisUrlParts {
  readonly host: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
  /** `rediss://`: the connection is TLS. */
  readonly tls?: true;
}

/**
 * Reads `redis://[[user]:password@]host[:port][/db]` (`rediss://` for TLS), as Redis users know it. Errors name what
 * is wrong without showing the URL, which may carry a password.
 */
export function parseRedisUrl(value: unknown): RedisUrlParts {
  if (typeof value !== 'string') {
    throw new InvalidOptionError(`bulwark: option url must be a string (got ${typeof value})`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionError('bulwark: option url is no URL (redis://host:port/db)');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new InvalidOptionError(
      `bulwark: option url must be a redis:// or rediss:// URL (got scheme ${url.protocol.slice(0, -1)})`,
    );
  }
  if (url.hostname === '') throw new InvalidOptionError('bulwark: option url has no host');
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) {
    throw new InvalidOptionError('bulwark: option url: the path must be a database number (/0)');
  }
  const decode = (part: string) => (part === '' ? undefined : decodeURIComponent(part));
  const username = decode(url.username);
  const password = decode(url.password);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(path === '' ? {} : { db: Number(path) }),
    ...(url.protocol === 'rediss:' ? { tls: true } : {}),
  };
}
