/**
 * Scrubs secrets from text that may end up in an error message or a log record: passwords in
 * URLs and connection strings, signing and token query parameters, Authorization values and
 * AWS access key ids. It is a last line of defence; bulwark builds its messages from facts it
 * chose to include, and runs them through this on the way out.
 */

const MASK = '***';

// scheme://user:password@host -> scheme://user:***@host. The password runs to the last @ of
// the URL: one with an unescaped / or # in it must be masked whole, and masking too much of a
// URL with an @ in its path is the safe mistake.
const urlPassword = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi;
// ?X-Amz-Signature=...&token=... -> ?X-Amz-Signature=***&token=***
const secretQueryParam =
  /([?&;][^=&\s]*(?:signature|credential|security-token|token|secret|password|passwd|pwd|api[-_]?key|access[-_]?key|auth)[^=&\s]*=)[^&\s#]*/gi;
// password=... in key/value connection strings (libpq, JDBC-style)
const keyValuePassword = /\b(password|passwd|pwd)(\s*[=:]\s*)('[^']*'|"[^"]*"|[^\s;,&]+)/gi;
// Authorization: Bearer abc / Basic abc
const authorizationValue = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
// AKIA/ASIA access key ids
const awsAccessKeyId = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g;

export function redact(text: string): string {
  return text
    .replace(urlPassword, `$1:${MASK}@`)
    .replace(secretQueryParam, `$1${MASK}`)
    .replace(keyValuePassword, `$1$2${MASK}`)
    .replace(authorizationValue, `$1 ${MASK}`)
    .replace(awsAccessKeyId, `$1${MASK}`);
}
