import { describe, expect, it } from 'vitest';
import { redact } from './redact.ts';

describe('redact', () => {
  it('masks the password in a URL and keeps the user and host', () => {
    expect(redact('connect to postgres://app:s3cr3t@db.internal:5432/main failed')).toBe(
      'connect to postgres://app:***@db.internal:5432/main failed',
    );
  });

  it('masks a password with an unescaped / or # in it, whole', () => {
    expect(redact('postgres://app:12/x#y@db/main down')).toBe('postgres://app:***@db/main down');
  });

  it('masks signing and token query parameters and keeps the others', () => {
    const out = redact(
      'GET https://b.s3/k?X-Amz-Credential=AK%2F2024&X-Amz-Signature=abcdef&partNumber=2&token=t0k',
    );
    expect(out).toBe(
      'GET https://b.s3/k?X-Amz-Credential=***&X-Amz-Signature=***&partNumber=2&token=***',
    );
  });

  it('masks key/value passwords, bearer tokens and AWS access key ids', () => {
    expect(redact("host=db user=app password='p a s s' dbname=x")).toBe(
      'host=db user=app password=*** dbname=x',
    );
    expect(redact('Authorization: Bearer eyJhbGciOi.x.y')).toBe('Authorization: Bearer ***');
    expect(redact('key AKIAIOSFODNN7EXAMPLE denied')).toBe('key AKIA*** denied');
  });

  it('leaves text without secrets unchanged', () => {
    const text = 's3.getObject failed after 3 attempts: connection reset (ECONNRESET)';
    expect(redact(text)).toBe(text);
  });
});
