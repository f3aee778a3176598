// Errors shaped as the drivers throw them at set-up, built from the drivers' own classes, with
// the fields they were seen to carry against real servers (pg 8, ioredis 6, AWS SDK v3 against
// versitygw, undici 7, Node 24).
import { NoSuchBucket, NotFound, S3ServiceException } from '@aws-sdk/client-s3';
import { ReplyError } from 'ioredis';
import pg from 'pg';
import { errors } from 'undici';

/** A Node system error, as net, dns and tls raise them. */
export function systemError(code: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

export const refused = systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', {
  errno: -111,
  syscall: 'connect',
});
export const unknownHost = systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.invalid', {
  errno: -3008,
  syscall: 'getaddrinfo',
});
export const timedOut = systemError('ETIMEDOUT', 'connect ETIMEDOUT');

/** An https:// request to a plain HTTP port, through undici. */
export const wrongVersionNumber = systemError(
  'ERR_SSL_WRONG_VERSION_NUMBER',
  '40F7:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number',
  { library: 'SSL routines', reason: 'wrong version number' },
);
/** The same through the AWS SDK's node-http-handler. */
export const s3Eproto = systemError(
  'EPROTO',
  'write EPROTO 40F7:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number',
  { errno: -71, syscall: 'write', $metadata: { attempts: 1, totalRetryDelay: 0 } },
);

function postgresError(code: string, message: string): InstanceType<typeof pg.DatabaseError> {
  return Object.assign(new pg.DatabaseError(message, 100, 'error'), {
    code,
    severity: 'FATAL',
  });
}
export const postgresWrongPassword = postgresError(
  '28P01',
  'password authentication failed for user "app"',
);
export const postgresNoEntry = postgresError(
  '28000',
  'no pg_hba.conf entry for host "10.0.0.9", user "app", database "orders", no encryption',
);
export const postgresNoDatabase = postgresError('3D000', 'database "orders" does not exist');
/** pg's own error when sslmode asks a server without SSL; it has no code. */
export const postgresNoSsl = new Error('The server does not support SSL connections');

export const redisWrongPass = new ReplyError(
  'WRONGPASS invalid username-password pair or user is disabled.',
);
export const redisNoAuth = new ReplyError(
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
);

const s3Metadata = (httpStatusCode: number) => ({
  httpStatusCode,
  attempts: 1,
  totalRetryDelay: 0,
});
export const s3NoSuchBucket = Object.assign(
  new NoSuchBucket({ $metadata: s3Metadata(404), message: 'The specified bucket does not exist.' }),
  { Code: 'NoSuchBucket' },
);
/** HeadBucket's 404: no body, so the SDK has only the status. */
export const s3HeadNotFound = new NotFound({ $metadata: s3Metadata(404), message: 'UnknownError' });
function s3Error(name: string, status: number, message: string): S3ServiceException {
  return Object.assign(
    new S3ServiceException({ name, $fault: 'client', $metadata: s3Metadata(status), message }),
    { Code: name },
  );
}
export const s3WrongSecret = s3Error(
  'SignatureDoesNotMatch',
  403,
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
);
export const s3UnknownKey = s3Error(
  'InvalidAccessKeyId',
  403,
  'The AWS Access Key Id you provided does not exist in our records.',
);
export const versitygwUnknownKey = s3Error(
  'XAdminUserNotFound',
  404,
  'No user exists with the provided access key ID.',
);
export const s3AccessDenied = s3Error('AccessDenied', 403, 'Access Denied');
export const s3WrongRegion = s3Error(
  'AuthorizationHeaderMalformed',
  400,
  'The authorization header is malformed; the region "eu-west-3" is wrong; expecting "us-east-1"',
);

/** A plain request to a TLS-only HTTP server: it hangs up. */
export const undiciClosed = new errors.SocketError('other side closed');
