import type { Readable } from 'node:stream';
import { redact } from '../index.ts';
import { drainLimitBytes, errorBodyPreviewBytes } from './http-defaults.ts';
import type { RequestOptions } from './http-options.ts';
import { InvalidArgumentError } from '../core/error-catalogue.ts';

// The small pieces of building a request and reading an error response.

const standardMethods: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
]);

export function checkMethod(method: string): string {
  if (standardMethods.has(method)) return method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) {
    throw new InvalidArgumentError(
      `bulwark: HTTP method must be a word such as GET (got ${String(method)})`,
    );
  }
  return method.toUpperCase();
}

export function parseUrl(value: string, name: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    // A base URL without a trailing slash would drop its last segment when paths resolve.
    if (name === 'baseUrl' && !url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  } catch {
    throw new InvalidArgumentError(
      `bulwark: ${name} must be an absolute http(s) URL (got ${redact(String(value))})`,
    );
  }
}

export function lowercase(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

export function withAccept(
  options: RequestOptions = {},
): RequestOptions & { headers: Record<string, string> } {
  return {
    ...options,
    headers: { accept: 'application/json', ...lowercase(options.headers ?? {}) },
  };
}

/** The start of an error response's body as one line, for an error message. */
export function previewText(text: string): string {
  return text.slice(0, errorBodyPreviewBytes).replace(/\s+/g, ' ').trim();
}

/**
 * The start of an error response's body. The rest is read and dropped rather than cut off:
 * leaving the loop early would destroy the stream, and its keep-alive socket with it. A body
 * past `drainLimitBytes` is not worth reading to the end; that socket is given up.
 */
export function preview(body: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let size = 0;
    const done = () => resolve(previewText(text));
    body.on('data', (chunk: Buffer) => {
      if (text.length < errorBodyPreviewBytes) text += chunk.toString('utf8');
      size += chunk.length;
      if (size > drainLimitBytes) {
        body.destroy();
        done();
      }
    });
    body.once('end', done);
    body.once('error', reject);
  });
}
