import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { DrillUsageError } from './drill-usage-error.ts';

const plainModes = new Set(['disable', 'allow', 'prefer']);
const modes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];

/**
 * pg's `ssl` option for a PostgreSQL URL's `sslmode`, with libpq's meaning: `require` encrypts
 * without checking the certificate, `verify-ca` and `verify-full` check it. Undefined for plain
 * (no sslmode, `disable`, and `allow`/`prefer`, which pg cannot fall back from, so they stay
 * plain as before). The drill reaches the server through a local proxy at 127.0.0.1, so the
 * server's own name goes along as `servername`, for SNI and the certificate check.
 */
export function postgresSsl(postgresUrl: string): ConnectionOptions | undefined {
  const url = new URL(postgresUrl);
  const mode = url.searchParams.get('sslmode');
  if (mode === null || plainModes.has(mode)) return undefined;
  if (!modes.includes(mode)) {
    throw new DrillUsageError(
      `--postgres-url: sslmode "${mode}" is not one of ${modes.join(', ')}`,
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return {
    ...(isIP(host) === 0 ? { servername: host } : {}),
    rejectUnauthorized: mode !== 'require',
  };
}
