import { describe, expect, it } from 'vitest';
import { httpSpans } from './http-spans.ts';

describe('httpSpans', () => {
  it('names spans after the method, with the redacted URL, the server and the resend count', () => {
    const call = {
      operation: 'GET /items',
      idempotent: true,
      context: { method: 'GET', url: 'https://api.example.com/items?token=REDACTED' },
    } as const;
    expect(httpSpans.name(call)).toBe('GET');
    expect(httpSpans.attributes(call)).toEqual({
      'http.request.method': 'GET',
      'url.full': 'https://api.example.com/items?token=REDACTED',
      'server.address': 'api.example.com',
      'server.port': 443,
    });
    expect(httpSpans.attempt?.(1)).toEqual({});
    expect(httpSpans.attempt?.(3)).toEqual({ 'http.request.resend_count': 2 });
  });
});
