import { describe, expect, it } from 'vitest';
import { DrillUsageError } from './drill-usage-error.ts';
import { postgresSsl } from './postgres-ssl.ts';

describe('postgresSsl', () => {
  it('is plain with no sslmode, and for the modes pg cannot fall back from', () => {
    expect(postgresSsl('postgres://app@db.example/orders')).toBeUndefined();
    for (const mode of ['disable', 'allow', 'prefer']) {
      expect(postgresSsl(`postgres://db.example/orders?sslmode=${mode}`)).toBeUndefined();
    }
  });

  it('require encrypts without checking the certificate, as libpq does', () => {
    expect(postgresSsl('postgres://db.example/orders?sslmode=require')).toEqual({
      servername: 'db.example',
      rejectUnauthorized: false,
    });
  });

  it('verify-full checks it, against the server’s own name; an IP sends no servername', () => {
    expect(postgresSsl('postgres://db.example:6432/orders?sslmode=verify-full')).toEqual({
      servername: 'db.example',
      rejectUnauthorized: true,
    });
    expect(postgresSsl('postgres://10.0.0.5/orders?sslmode=verify-ca')).toEqual({
      rejectUnauthorized: true,
    });
  });

  it('refuses a mode libpq does not know, naming the allowed ones', () => {
    expect(() => postgresSsl('postgres://db/orders?sslmode=on')).toThrow(
      new DrillUsageError(
        '--postgres-url: sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full',
      ),
    );
  });
});
