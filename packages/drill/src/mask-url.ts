import { redact } from 'bulwark';

const MASK = '***';
const scheme = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A URL the user typed, fit to quote in an error message: the password, and any secret query
 * parameter, replaced by `***`.
 *
 * It does not rely on the URL parsing, because the URLs it is given are often the ones that
 * failed to parse, and a password with an unescaped `/`, `#` or `@` parses wrongly or not at
 * all (`postgres://app:12/x@host` parses as host `app`, port 12). So everything between the
 * scheme and the last `@` counts as credentials: the user name before the first `:` is kept,
 * the rest is masked; with no `:`, all of it is masked. A path holding an `@` is masked too
 * much, never too little.
 */
export function maskUrl(raw: string): string {
  const prefix = scheme.exec(raw)?.[0];
  if (prefix === undefined) return redact(raw);
  const rest = raw.slice(prefix.length);
  const at = rest.lastIndexOf('@');
  if (at === -1) return redact(raw);
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  const shown = colon === -1 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
  return redact(`${prefix}${shown}${rest.slice(at)}`);
}
