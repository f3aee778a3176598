import { drillFlags, type DrillFlagName } from './drill-flags.ts';
import type { DrillTargets } from './drill-options.ts';
import type { DrillClient } from './drill-results.ts';
import { DrillSetupError } from './drill-setup-error.ts';
import { postgresSsl } from './postgres-ssl.ts';
import { setupFailureCause, type SetupFailureCause } from './setup-failure-cause.ts';
import { oneLine } from '../one-line.ts';

/** Where the drill failed to set up: one of the user's services. */
export interface SetupPlace {
  readonly client: DrillClient;
  /** The service as the report names it, with no credentials. */
  readonly target: string;
  /** `host:port`, as dialled. */
  readonly upstream: string;
  /** What the user asked for, to name the user, database, bucket or region at fault. */
  readonly targets: DrillTargets;
}

/** `--s3-bucket (or BULWARK_DRILL_S3_BUCKET)`: the flag and the variable that stands in for it. */
function settingName(name: DrillFlagName): string {
  const flag = drillFlags.find((candidate) => candidate.name === name);
  const variables = flag !== undefined && 'env' in flag ? flag.env : [];
  return variables.length === 0 ? `--${name}` : `--${name} (or ${variables.join(' or ')})`;
}

const keysName =
  '--s3-access-key and --s3-secret-key (or BULWARK_DRILL_S3_ACCESS_KEY and BULWARK_DRILL_S3_SECRET_KEY)';

/** The setting that says where the service is. */
const whereSetting: Readonly<Record<DrillClient, DrillFlagName>> = {
  postgres: 'postgres-url',
  redis: 'redis-url',
  s3: 's3-endpoint',
  http: 'http-url',
};

/** Whether the user asked for TLS of this client. */
function asksTls({ client, targets }: SetupPlace): boolean {
  switch (client) {
    case 'postgres':
      return targets.postgresUrl !== undefined && postgresSsl(targets.postgresUrl) !== undefined;
    case 'redis':
      return targets.redisUrl?.startsWith('rediss:') === true;
    case 's3':
      return targets.s3?.endpoint.startsWith('https:') === true;
    case 'http':
      return targets.httpUrl?.startsWith('https:') === true;
  }
}

/** The PostgreSQL user and database of the URL (neither is a secret). */
function postgresLogin(targets: DrillTargets): { user: string; database: string } {
  const url = new URL(targets.postgresUrl ?? 'postgres://localhost');
  return {
    user: decodeURIComponent(url.username) || 'postgres',
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
  };
}

/** The scheme to use instead, for a TLS mismatch. */
const plainScheme: Readonly<Record<DrillClient, string>> = {
  postgres: 'sslmode=disable',
  redis: 'redis://',
  s3: 'http://',
  http: 'http://',
};
const tlsScheme: Readonly<Record<DrillClient, string>> = {
  postgres: 'sslmode=require',
  redis: 'rediss://',
  s3: 'https://',
  http: 'https://',
};

/** What went wrong and how to fix it, to follow `<client> at <target>`; undefined for `other`. */
function explain(cause: SetupFailureCause, place: SetupPlace): string | undefined {
  const where = settingName(whereSetting[place.client]);
  const host = place.upstream.slice(0, place.upstream.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  switch (cause.kind) {
    case 'refused':
      return ` is unreachable: connection refused (${cause.code}), nothing listens on ${place.upstream}; check the host and port in ${where}`;
    case 'unknown-host':
      return ` is unreachable: host "${host}" not found (${cause.code}); check the host in ${where}`;
    case 'no-answer':
      return ` is unreachable: no answer from ${place.upstream} (${cause.code}); check the host and port in ${where}, and that no firewall drops the connection`;
    case 'tls-on-plain':
      return `: the server does not speak TLS (${cause.code}); use ${plainScheme[place.client]} in ${where}`;
    case 'closed-on-plain':
      return `: the server closed the connection without answering (${cause.code}); if it speaks only TLS, use ${tlsScheme[place.client]} in ${where}`;
    case 'credentials':
      if (place.client === 'postgres') {
        const { user } = postgresLogin(place.targets);
        return `: password authentication failed for user "${user}" (${cause.code}); fix the user or password in ${where}`;
      }
      if (place.client === 'redis') {
        return `: the server refused the user name or password (${cause.code}); fix them in ${where}`;
      }
      return `: the server refused the access key or secret key (${cause.code}); fix ${keysName}`;
    case 'no-password':
      return `: the server needs a password and none was given (${cause.code}); add it to ${where}`;
    case 'login-refused': {
      const { user } = postgresLogin(place.targets);
      return `: the server refused the login of user "${user}" (${cause.code}: no such role, or no pg_hba.conf entry allows it); fix the user in ${where}, or add sslmode=require to it if the server accepts only TLS`;
    }
    case 'access-denied':
      return `: these keys may not use bucket "${place.targets.s3?.bucket ?? ''}" (${cause.code}); allow them to list, get, put and delete objects in it, or fix ${keysName}`;
    case 'wrong-region':
      return `: the region "${place.targets.s3?.region ?? ''}" is not the bucket's (${cause.code}); set the right one with ${settingName('s3-region')}`;
    case 'missing-bucket':
      return `: bucket "${place.targets.s3?.bucket ?? ''}" does not exist (${cause.code}); create it, or name an existing one with ${settingName('s3-bucket')}`;
    case 'missing-database': {
      const { database } = postgresLogin(place.targets);
      return `: database "${database}" does not exist (${cause.code}); create it, or name an existing one in ${where}`;
    }
    case 'http-status':
      return `: GET answered HTTP ${cause.status}; give ${where} a URL that answers GET with 2xx`;
    case 'other':
      return undefined;
  }
}

/**
 * The one-line DrillSetupError for `error`, met while setting up against the user's service:
 * the cause and the flag (or variable) that fixes it, and no secret: the target carries no
 * credentials, and no driver message is quoted except for a cause the drill cannot name.
 */
export function describeSetupFailure(error: unknown, place: SetupPlace): DrillSetupError {
  const cause = setupFailureCause(place.client, error, asksTls(place));
  const why = explain(cause, place) ?? `: ${oneLine(error)}`;
  return new DrillSetupError(`${place.client} at ${place.target}${why}`, { cause: error });
}
