import type { ConnectionOptions } from 'node:tls';
import { InvalidOptionError } from '../core/error-catalogue.ts';
import { checkKeys } from '../core/validate.ts';

/** PEM text (a string or its bytes), or several of them. */
type Pem = string | Buffer | ReadonlyArray<string | Buffer>;

/**
 * TLS to Redis (`rediss://`, or a server with `tls-port`): what Node's `tls.connect` takes of
 * it. The key never appears in an error, event or log.
 */
export interface RedisTlsOptions {
  /** The CA(s) that signed the server's certificate, when not a public one (PEM). */
  readonly ca?: Pem;
  /** A client certificate, for a server with `tls-auth-clients yes` (PEM). */
  readonly cert?: Pem;
  /** The client certificate's private key (PEM). */
  readonly key?: Pem;
  /** The name the server's certificate must carry, when it is not the host connected to. */
  readonly servername?: string;
  /**
   * False accepts any certificate, which lets anyone in the middle read the traffic and the
   * password: for a throwaway test server only (default true).
   */
  readonly rejectUnauthorized?: boolean;
}

const tlsKeys = ['ca', 'cert', 'key', 'servername', 'rejectUnauthorized'];

function isPem(value: unknown): boolean {
  const one = (v: unknown) => typeof v === 'string' || Buffer.isBuffer(v);
  return one(value) || (Array.isArray(value) && value.length > 0 && value.every(one));
}

/**
 * The `tls` option checked (its values never echoed: a key is a secret), as ioredis takes
 * it; undefined for a plain connection.
 */
export function resolveRedisTls(
  option: true | RedisTlsOptions | undefined,
): ConnectionOptions | undefined {
  if (option === undefined) return undefined;
  if (option === true) return {};
  if (typeof option !== 'object' || option === null) {
    throw new InvalidOptionError(
      'bulwark: option tls must be true or { ca, cert, key, servername, rejectUnauthorized }',
    );
  }
  checkKeys('tls', option, tlsKeys);
  for (const name of ['ca', 'cert', 'key'] as const) {
    const value = option[name];
    if (value !== undefined && !isPem(value)) {
      throw new InvalidOptionError(
        `bulwark: option tls.${name} must be PEM text: a string, a Buffer, or a list of them`,
      );
    }
  }
  if ((option.cert === undefined) !== (option.key === undefined)) {
    throw new InvalidOptionError('bulwark: options tls.cert and tls.key go together: give both');
  }
  if (option.servername !== undefined && typeof option.servername !== 'string') {
    throw new InvalidOptionError('bulwark: option tls.servername must be a string');
  }
  if (option.rejectUnauthorized !== undefined && typeof option.rejectUnauthorized !== 'boolean') {
    throw new InvalidOptionError('bulwark: option tls.rejectUnauthorized must be true or false');
  }
  return { ...option } as ConnectionOptions;
}
