import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findOpenssl,
  findPostgresBinDir,
  findRedisCli,
  findRedisServer,
  installPlan,
  toolInstallPath,
  toolPath,
  toolsDir,
} from './tools.ts';
import { pinned } from './versions.ts';

let temp: string;

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'bulwark-tools-test-'));
});

afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

/** Writes an executable (or, with `mode`, a non-executable) stand-in for a binary. */
function fakeBinary(path: string, mode = 0o755): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
}

function fakePostgres(root: string, major: string, binaries = ['initdb', 'postgres', 'pg_ctl']) {
  for (const binary of binaries) fakeBinary(join(root, major, 'bin', binary));
}

describe('toolsDir', () => {
  it('defaults to ~/.cache/bulwark/tools, outside the repository', () => {
    expect(toolsDir({})).toBe(join(homedir(), '.cache', 'bulwark', 'tools'));
  });

  it('follows BULWARK_TOOLS_DIR, made absolute', () => {
    expect(toolsDir({ BULWARK_TOOLS_DIR: temp })).toBe(temp);
    expect(toolsDir({ BULWARK_TOOLS_DIR: 'rel/tools' })).toBe(join(process.cwd(), 'rel/tools'));
  });

  it('treats an empty BULWARK_TOOLS_DIR as unset', () => {
    expect(toolsDir({ BULWARK_TOOLS_DIR: '' })).toBe(toolsDir({}));
  });
});

describe('toolInstallPath / toolPath', () => {
  it('puts each binary in a folder named after its pinned version', () => {
    const env = { BULWARK_TOOLS_DIR: temp };
    expect(toolInstallPath('versitygw', env)).toBe(
      join(temp, `versitygw-${pinned.s3.goVersion}`, 'versitygw'),
    );
    expect(toolInstallPath('toxiproxy-server', env)).toBe(
      join(temp, `toxiproxy-server-${pinned.toxiproxy.goVersion}`, 'toxiproxy-server'),
    );
  });

  it('returns the path once the binary is installed', () => {
    const env = { BULWARK_TOOLS_DIR: temp };
    fakeBinary(toolInstallPath('versitygw', env));
    expect(toolPath('versitygw', env)).toBe(toolInstallPath('versitygw', env));
  });

  it('names the tool, the version, the path and the fix when it is missing', () => {
    const env = { BULWARK_TOOLS_DIR: temp };
    expect(() => toolPath('toxiproxy-server', env)).toThrow(
      `toxiproxy-server ${pinned.toxiproxy.goVersion} is not installed (no executable at ` +
        `${toolInstallPath('toxiproxy-server', env)}); run \`npm run setup\``,
    );
  });

  it('does not accept another version or a non-executable file', () => {
    const env = { BULWARK_TOOLS_DIR: temp };
    fakeBinary(join(temp, 'versitygw-v0.0.1', 'versitygw'));
    expect(() => toolPath('versitygw', env)).toThrow(/versitygw .* is not installed/);
    fakeBinary(toolInstallPath('versitygw', env), 0o644);
    expect(() => toolPath('versitygw', env)).toThrow(/versitygw .* is not installed/);
  });
});

describe('findPostgresBinDir', () => {
  it('picks the highest major that has initdb, postgres and pg_ctl', () => {
    fakePostgres(temp, '9');
    fakePostgres(temp, '15');
    fakePostgres(temp, '16', ['initdb']); // An incomplete install (only the client tools, say).
    mkdirSync(join(temp, 'not-a-major'));
    expect(findPostgresBinDir(temp)).toBe(join(temp, '15', 'bin'));
  });

  it('compares majors as numbers, not strings', () => {
    fakePostgres(temp, '9');
    fakePostgres(temp, '10');
    expect(findPostgresBinDir(temp)).toBe(join(temp, '10', 'bin'));
  });

  it('names the binaries, the package and the fix when none is installed', () => {
    const missing = join(temp, 'nothing-here');
    expect(() => findPostgresBinDir(missing)).toThrow(
      `PostgreSQL server binaries (initdb, postgres, pg_ctl) not found in ${missing}/<major>/bin`,
    );
    expect(() => findPostgresBinDir(missing)).toThrow(/npm run setup.*postgresql-15/);
  });
});

describe('findRedisServer', () => {
  it('prefers the Debian path', () => {
    const preferred = join(temp, 'usr-bin', 'redis-server');
    fakeBinary(preferred);
    fakeBinary(join(temp, 'path-bin', 'redis-server'));
    expect(findRedisServer(join(temp, 'path-bin'), preferred)).toBe(preferred);
  });

  it('falls back to the first redis-server on PATH', () => {
    fakeBinary(join(temp, 'b', 'redis-server'));
    fakeBinary(join(temp, 'c', 'redis-server'));
    const searchPath = ['', join(temp, 'a'), join(temp, 'b'), join(temp, 'c')].join(':');
    expect(findRedisServer(searchPath, join(temp, 'absent'))).toBe(join(temp, 'b', 'redis-server'));
  });

  it('names the binary, the package and the fix when there is none', () => {
    expect(() => findRedisServer(join(temp, 'a'), join(temp, 'absent'))).toThrow(
      /redis-server not found .*npm run setup.*redis-server/,
    );
  });
});

describe('findRedisCli / findOpenssl', () => {
  it('prefer the Debian path, then PATH', () => {
    fakeBinary(join(temp, 'bin', 'redis-cli'));
    fakeBinary(join(temp, 'bin', 'openssl'));
    expect(findRedisCli(join(temp, 'bin'), join(temp, 'absent'))).toBe(
      join(temp, 'bin', 'redis-cli'),
    );
    expect(findOpenssl(join(temp, 'bin'), join(temp, 'absent'))).toBe(join(temp, 'bin', 'openssl'));
  });

  it('name the binary, the package and the fix when there is none', () => {
    expect(() => findRedisCli(join(temp, 'a'), join(temp, 'absent'))).toThrow(
      /redis-cli not found .*npm run setup.*redis-tools/,
    );
    expect(() => findOpenssl(join(temp, 'a'), join(temp, 'absent'))).toThrow(
      /openssl not found .*npm run setup.*Debian package openssl/,
    );
  });
});

describe('installPlan', () => {
  it('lists every missing package and tool', () => {
    const env = { BULWARK_TOOLS_DIR: join(temp, 'tools'), PATH: join(temp, 'empty') };
    const plan = installPlan({
      env,
      postgresRoot: join(temp, 'pg'),
      preferredRedisServer: join(temp, 'absent'),
      preferredRedisCli: join(temp, 'absent'),
      preferredOpenssl: join(temp, 'absent'),
    });
    expect(plan.debianPackages).toEqual([
      'postgresql-15',
      'redis-server',
      'redis-tools',
      'openssl',
    ]);
    expect(plan.goTools).toEqual([
      {
        name: 'versitygw',
        goModule: pinned.s3.goModule,
        goVersion: pinned.s3.goVersion,
        path: toolInstallPath('versitygw', env),
      },
      {
        name: 'toxiproxy-server',
        goModule: pinned.toxiproxy.goModule,
        goVersion: pinned.toxiproxy.goVersion,
        path: toolInstallPath('toxiproxy-server', env),
      },
    ]);
  });

  it('is empty when everything is in place', () => {
    const env = { BULWARK_TOOLS_DIR: join(temp, 'tools'), PATH: join(temp, 'bin') };
    fakePostgres(join(temp, 'pg'), '15');
    for (const binary of ['redis-server', 'redis-cli', 'openssl']) {
      fakeBinary(join(temp, 'bin', binary));
    }
    fakeBinary(toolInstallPath('versitygw', env));
    fakeBinary(toolInstallPath('toxiproxy-server', env));
    const plan = installPlan({
      env,
      postgresRoot: join(temp, 'pg'),
      preferredRedisServer: join(temp, 'absent'),
      preferredRedisCli: join(temp, 'absent'),
      preferredOpenssl: join(temp, 'absent'),
    });
    expect(plan).toEqual({ debianPackages: [], goTools: [] });
  });
});
