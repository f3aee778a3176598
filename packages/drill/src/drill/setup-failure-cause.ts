import type { DrillClient } from './drill-results.ts';

/**
 * Why the drill could not set up against a user's service, read from the driver's error. Each
 * cause is something the user can fix in a flag; `other` is everything the drill cannot name.
 */
export type SetupFailureCause =
  | { readonly kind: 'refused'; readonly code: string }
  | { readonly kind: 'unknown-host'; readonly code: string }
  | { readonly kind: 'no-answer'; readonly code: string }
  /** TLS was asked of a server that speaks plain. */
  | { readonly kind: 'tls-on-plain'; readonly code: string }
  /** Plain was asked, and the server hung up: most likely it speaks only TLS. */
  | { readonly kind: 'closed-on-plain'; readonly code: string }
  | { readonly kind: 'credentials'; readonly code: string }
  /** A Redis server with a password, given none. */
  | { readonly kind: 'no-password'; readonly code: string }
  /** PostgreSQL refused the login before any password (no such role, no pg_hba.conf entry). */
  | { readonly kind: 'login-refused'; readonly code: string }
  /** S3 keys that are right but may not use the bucket. */
  | { readonly kind: 'access-denied'; readonly code: string }
  | { readonly kind: 'wrong-region'; readonly code: string }
  | { readonly kind: 'missing-bucket'; readonly code: string }
  | { readonly kind: 'missing-database'; readonly code: string }
  | { readonly kind: 'http-status'; readonly status: number }
  | { readonly kind: 'other'; readonly code: string | undefined };

/** The fields drivers put their facts in; every one optional, as any of them may be missing. */
interface ErrorFacts {
  readonly code: string | undefined;
  readonly name: string | undefined;
  readonly message: string;
  readonly status: number | undefined;
}

function factsOf(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) {
    return { code: undefined, name: undefined, message: String(error), status: undefined };
  }
  const record = error as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const metadata = record['$metadata'];
  const status =
    typeof metadata === 'object' && metadata !== null
      ? (metadata as Record<string, unknown>)['httpStatusCode']
      : record['status'];
  return {
    // The AWS SDK keeps S3's own code in `Code` (and `name`); Node and pg use `code`.
    code: text(record['code']) ?? text(record['Code']),
    name: text(record['name']),
    message: text(record['message']) ?? '',
    status: typeof status === 'number' ? status : undefined,
  };
}

// Node's network errors, the same from every driver (pg, ioredis, undici, the AWS SDK).
const refused = new Set(['ECONNREFUSED']);
const unknownHost = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const noAnswer = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** A TLS client that met a plain reply: OpenSSL's `wrong version number` and kin. */
const tlsOnPlain = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
/** A plain client hung up on: how a TLS-only server answers a plain request. */
const hungUp = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function networkCause(facts: ErrorFacts, tls: boolean): SetupFailureCause | undefined {
  const { code } = facts;
  if (code === undefined) return undefined;
  if (refused.has(code)) return { kind: 'refused', code };
  if (unknownHost.has(code)) return { kind: 'unknown-host', code };
  if (tls && (tlsOnPlain.has(code) || code === 'EPROTO')) return { kind: 'tls-on-plain', code };
  // TLS asked of a plain server that waits for a line that never comes (Redis does).
  if (tls && code === 'ETIMEDOUT') return { kind: 'tls-on-plain', code };
  if (noAnswer.has(code)) return { kind: 'no-answer', code };
  if (!tls && hungUp.has(code)) return { kind: 'closed-on-plain', code };
  return undefined;
}

function postgresCause(facts: ErrorFacts): SetupFailureCause | undefined {
  switch (facts.code) {
    case '28P01':
      return { kind: 'credentials', code: facts.code };
    case '28000':
      return { kind: 'login-refused', code: facts.code };
    case '3D000':
      return { kind: 'missing-database', code: facts.code };
  }
  // pg has no code for this one: it is the whole message, from pg's own connection code.
  if (facts.message === 'The server does not support SSL connections') {
    return { kind: 'tls-on-plain', code: 'no SSL' };
  }
  return undefined;
}

function redisCause(facts: ErrorFacts): SetupFailureCause | undefined {
  // A Redis error reply's code is its first word (WRONGPASS, NOAUTH, ...); ioredis's ReplyError
  // has no other field for it.
  if (facts.name !== 'ReplyError') return undefined;
  const code = /^[A-Z]+/.exec(facts.message)?.[0];
  if (code === 'WRONGPASS') return { kind: 'credentials', code };
  if (code === 'NOAUTH') return { kind: 'no-password', code };
  return undefined;
}

const s3Credentials = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  // versitygw's InvalidAccessKeyId.
  'XAdminUserNotFound',
]);

function s3Cause(facts: ErrorFacts): SetupFailureCause | undefined {
  const code = facts.code ?? facts.name;
  if (code === 'NoSuchBucket') return { kind: 'missing-bucket', code };
  if (code !== undefined && s3Credentials.has(code)) return { kind: 'credentials', code };
  if (code === 'AccessDenied') return { kind: 'access-denied', code };
  if (code === 'AuthorizationHeaderMalformed' || code === 'PermanentRedirect') {
    return { kind: 'wrong-region', code };
  }
  // A HEAD answer has no body, so no code: the SDK names it by its status alone.
  if (facts.status === 404) return { kind: 'missing-bucket', code: 'HTTP 404' };
  if (facts.status === 403) return { kind: 'credentials', code: 'HTTP 403' };
  return undefined;
}

/**
 * The cause of `error`, met while setting up `client` against the user's service. `tls`: the
 * user asked for TLS (https://, sslmode=require). Codes decide; a message is read only where
 * the driver gives no code (pg's refusal of SSL).
 */
export function setupFailureCause(
  client: DrillClient,
  error: unknown,
  tls: boolean,
): SetupFailureCause {
  const facts = factsOf(error);
  const cause =
    networkCause(facts, tls) ??
    (client === 'postgres' ? postgresCause(facts) : undefined) ??
    (client === 'redis' ? redisCause(facts) : undefined) ??
    (client === 's3' ? s3Cause(facts) : undefined) ??
    (client === 'http' && facts.status !== undefined
      ? { kind: 'http-status', status: facts.status }
      : undefined);
  return cause ?? { kind: 'other', code: facts.code ?? facts.name };
}
