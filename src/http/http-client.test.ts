import { describe, expect, it } from 'vitest';
import { createHttpClient } from './http-client.ts';

describe('createHttpClient', () => {
  it('rejects bad options and requests before any I/O', async () => {
    expect(() => createHttpClient({ baseUrl: 'ftp://x' })).toThrow(
      /baseUrl must be an absolute http\(s\) URL/,
    );
    expect(() => createHttpClient({ baseUrl: 'http://user:hunter2@api' })).not.toThrow();
    expect(() => createHttpClient({ retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts/);
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:9/' });
    await expect(client.request('GE T', '/x')).rejects.toThrow(/HTTP method must be a word/);
    await expect(client.get('')).rejects.toThrow(/request path must be a non-empty string/);
    await client.close();
  });

  it('refuses an unknown option, a connection count that is no whole number above 0, and headers that are no object of strings', () => {
    const make = (options: unknown) => () =>
      createHttpClient(options as Parameters<typeof createHttpClient>[0]);
    expect(make({ baseURL: 'http://api' })).toThrow(/unknown option http\.baseURL \(known: /);
    expect(make({ connections: -1 })).toThrow(/option connections must be/);
    expect(make({ connections: 'ten' })).toThrow(/option connections must be/);
    expect(make({ headers: 'x' })).toThrow(/option headers must be an object/);
    expect(make({ headers: { authorization: 42 } })).toThrow(
      /option headers\.authorization must be a string \(got number\)/,
    );
    expect(make({ connections: 8, headers: { 'x-team': 'a' } })).not.toThrow();
  });

  it('refuses a deadline header that is no header name, with an InvalidOptionError naming it', () => {
    const make = (deadlineHeader: unknown) => () =>
      createHttpClient({ deadlineHeader } as Parameters<typeof createHttpClient>[0]);
    for (const bad of ['', 'x request timeout', 'x-timeout:', 'x-t\r\nx-evil', 42, null]) {
      expect(make(bad)).toThrow(expect.objectContaining({ name: 'InvalidOptionError' }));
      expect(make(bad)).toThrow(/option deadlineHeader must be a header name/);
    }
    expect(make('X-Request-Timeout-Ms')).not.toThrow();
  });

  it('never shows a password of a bad URL in its error', () => {
    expect(() => createHttpClient({ baseUrl: 'nope://user:hunter2@api' })).toThrow(
      /^(?!.*hunter2)/,
    );
  });

  it('shows its events and breaker like every bulwark client', async () => {
    const client = createHttpClient({ baseUrl: 'http://127.0.0.1:9/' });
    expect(client.events).toBe(client.pipeline.events);
    expect(client.breaker?.state.state).toBe('closed');
    await client.close();
  });

  it('names the upstream after the base URL host unless told otherwise', async () => {
    const client = createHttpClient({ baseUrl: 'http://payments.internal:8080/v1' });
    expect(client.pipeline.service).toBe('payments.internal:8080');
    await client.close();
  });
});
