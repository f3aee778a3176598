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
