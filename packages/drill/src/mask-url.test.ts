import { describe, expect, it } from 'vitest';
import { maskUrl } from './mask-url.ts';

describe('maskUrl', () => {
  it('masks the password and keeps the user, host and path', () => {
    expect(maskUrl('postgres://app:s3cr3t@db.internal:5432/main')).toBe(
      'postgres://app:***@db.internal:5432/main',
    );
    expect(maskUrl('redis://:s3cr3t@cache:6379/2')).toBe('redis://:***@cache:6379/2');
  });

  it('masks passwords holding characters that break URL parsing', () => {
    for (const password of ['12/x', 'p#ss', 'p@ss', 'a?b', 'p ss']) {
      const masked = maskUrl(`postgres://app:${password}@db/main`);
      expect(masked).toBe('postgres://app:***@db/main');
    }
  });

  it('masks a user-info without a colon whole, since it may be a password', () => {
    expect(maskUrl('redis://s3cr3t@cache:6379')).toBe('redis://***@cache:6379');
  });

  it('masks secret query parameters', () => {
    expect(maskUrl('https://api.example/health?token=abc&x=1')).toBe(
      'https://api.example/health?token=***&x=1',
    );
  });

  it('leaves a URL without credentials, or text that is not a URL, as it is', () => {
    expect(maskUrl('http://127.0.0.1:8080/health')).toBe('http://127.0.0.1:8080/health');
    expect(maskUrl('localhost:5432')).toBe('localhost:5432');
    expect(maskUrl('')).toBe('');
  });
});
