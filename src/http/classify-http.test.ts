import { describe, expect, it } from 'vitest';
import { classifyHttp } from './classify-http.ts';
import { HttpStatusError } from './http-status-error.ts';

const status = (code: number, retryAfterMs?: number) =>
  new HttpStatusError({
    status: code,
    method: 'GET',
    url: 'http://api/x',
    retryAfterMs,
    bodyPreview: 'nope',
  });

describe('classifyHttp', () => {
  it.each([
    [408, 'timeout', true],
    [425, 'throttled', true],
    [429, 'throttled', true],
    [500, 'server', true],
    [502, 'server', true],
    [503, 'throttled', true],
    [504, 'server', true],
    [400, 'client', false],
    [401, 'auth', false],
    [403, 'auth', false],
    [404, 'not_found', false],
    [422, 'client', false],
  ])(
    'HTTP %i is %s (retriable: %s), with the method, URL and what the server said',
    (code, kind, retriable) => {
      expect(classifyHttp(status(code))).toMatchObject({
        kind,
        retriable,
        status: code,
        code: String(code),
        reason: `HTTP ${code} from GET http://api/x: nope`,
      });
    },
  );

  it('passes Retry-After on as the hint', () => {
    expect(classifyHttp(status(429, 1_500)).retryAfterMs).toBe(1_500);
  });

  it("classifies undici's errors by code", () => {
    const undici = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyHttp(undici('UND_ERR_CONNECT_TIMEOUT'))).toMatchObject({
      kind: 'connection',
      neverSent: true,
    });
    expect(classifyHttp(undici('UND_ERR_HEADERS_TIMEOUT'))).toMatchObject({
      kind: 'timeout',
      retriable: true,
    });
    expect(classifyHttp(undici('UND_ERR_SOCKET'))).toMatchObject({
      kind: 'connection',
      retriable: true,
    });
    expect(classifyHttp(undici('UND_ERR_CLOSED'))).toMatchObject({
      kind: 'client',
      retriable: false,
    });
    expect(classifyHttp(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toMatchObject({
      neverSent: true,
    });
  });
});
