/**
 * Where the test kit finds the service binaries it starts without Docker: Go tools built by
 * `scripts/install-services` into a cache folder outside the repository, and the PostgreSQL and
 * Redis servers from Debian packages, with `redis-cli` (joins a Redis Cluster) and `openssl`
 * (makes the TLS Redis's certificates, for either provider). Every lookup fails with the missing thing and the fix.
 * (Chromium, which only the drill's report test needs, is looked up by the drill package:
 * packages/drill/tests/report/chromium.ts.)
 *
 * @packageDocumentation
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pinned } from './versions.ts';
import type { GoToolPin } from './versions.ts';
import { TestKitSetupError } from './testkit-setup-error.ts';

/** The Go tools `scripts/install-services` builds. */
export type ToolName = 'versitygw' | 'toxiproxy-server';

const goToolPins: Readonly<Record<ToolName, GoToolPin>> = {
  versitygw: pinned.s3,
  'toxiproxy-server': pinned.toxiproxy,
};

/** Debian keeps every installed PostgreSQL major in its own folder under here. */
export const debianPostgresRoot = '/usr/lib/postgresql';

const postgresBinaries = ['initdb', 'postgres', 'pg_ctl'] as const;

const fix = 'run `npm run setup` (scripts/install-services installs it)';

/**
 * The cached tools folder: `$BULWARK_TOOLS_DIR`, else `~/.cache/bulwark/tools`. It lives outside
 * the repository so that a fresh clone, `git clean` or a second worktree reuses the builds.
 */
export function toolsDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['BULWARK_TOOLS_DIR'];
  // An empty value counts as unset, as a shell's `BULWARK_TOOLS_DIR= cmd` usually means.
  return override ? resolve(override) : join(homedir(), '.cache', 'bulwark', 'tools');
}

/**
 * Where the pinned version of `name` is (or will be) installed, without checking that it is
 * there. The version is part of the folder name, so a version bump in `versions.ts` makes
 * `scripts/install-services` build the new one instead of reusing the old binary.
 */
export function toolInstallPath(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const { binary, goVersion } = goToolPins[name];
  return join(toolsDir(env), `${binary}-${goVersion}`, binary);
}

/** Absolute path of the installed binary for the pinned version of `name`; throws when missing. */
export function toolPath(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const path = toolInstallPath(name, env);
  if (!isExecutableFile(path)) {
    throw new TestKitSetupError(
      `${name} ${goToolPins[name].goVersion} is not installed (no executable at ${path}); ${fix}.`,
    );
  }
  return path;
}

/**
 * The folder with `initdb`, `postgres` and `pg_ctl`: Debian's `/usr/lib/postgresql/<major>/bin`
 * for the highest major that has all three. Throws when there is none.
 */
export function findPostgresBinDir(root: string = debianPostgresRoot): string {
  let majors: number[] = [];
  try {
    majors = readdirSync(root)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .sort((a, b) => b - a);
  } catch {
    // No PostgreSQL installed at all: reported below like an incomplete one.
  }
  for (const major of majors) {
    const binDir = join(root, String(major), 'bin');
    if (postgresBinaries.every((binary) => isExecutableFile(join(binDir, binary)))) return binDir;
  }
  throw new TestKitSetupError(
    `PostgreSQL server binaries (${postgresBinaries.join(', ')}) not found in ${root}/<major>/bin; ` +
      `${fix} (Debian package ${pinned.postgres.debianPackage}).`,
  );
}

/** `/usr/bin/redis-server` (Debian's), else the first `redis-server` on PATH; throws when none. */
export function findRedisServer(
  searchPath: string = process.env['PATH'] ?? '',
  preferred = '/usr/bin/redis-server',
): string {
  return findBinary('redis-server', pinned.redis.debianPackage, searchPath, preferred);
}

/**
 * Debian's package of `redis-cli`, which joins a Redis Cluster's nodes. redis-server depends on
 * it, so it is there wherever the server is, unless someone removed it.
 */
export const redisCliPackage = 'redis-tools';

/** `/usr/bin/redis-cli` (Debian's), else the first `redis-cli` on PATH; throws when none. */
export function findRedisCli(
  searchPath: string = process.env['PATH'] ?? '',
  preferred = '/usr/bin/redis-cli',
): string {
  return findBinary('redis-cli', redisCliPackage, searchPath, preferred);
}

/** Debian's package of the `openssl` command, which makes each run's TLS certificates. */
export const opensslPackage = 'openssl';

/** `/usr/bin/openssl` (Debian's), else the first `openssl` on PATH; throws when none. */
export function findOpenssl(
  searchPath: string = process.env['PATH'] ?? '',
  preferred = '/usr/bin/openssl',
): string {
  return findBinary('openssl', opensslPackage, searchPath, preferred);
}

/** `preferred`, else the first `name` on `searchPath`; throws with the package to install. */
function findBinary(
  name: string,
  debianPackage: string,
  searchPath: string,
  preferred: string,
): string {
  const candidates = [
    preferred,
    ...searchPath
      .split(delimiter)
      // An empty PATH entry means the working folder, which is never where a server belongs.
      .filter((dir) => dir !== '')
      .map((dir) => resolve(dir, name)),
  ];
  const found = candidates.find(isExecutableFile);
  if (found !== undefined) return found;
  throw new TestKitSetupError(
    `${name} not found (not at ${preferred} nor on PATH); ${fix} (Debian package ${debianPackage}).`,
  );
}

/** One Go tool `scripts/install-services` still has to build. */
export interface MissingGoTool {
  readonly name: ToolName;
  readonly goModule: string;
  readonly goVersion: string;
  /** Where the binary goes: {@link toolInstallPath}. */
  readonly path: string;
}

/** What `scripts/install-services` has to install; both lists are empty when all is there. */
export interface InstallPlan {
  readonly debianPackages: readonly string[];
  readonly goTools: readonly MissingGoTool[];
}

/** Where {@link installPlan} looks; every field defaults to the real machine's. */
export interface InstallPlanOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly postgresRoot?: string;
  readonly preferredRedisServer?: string;
  readonly preferredRedisCli?: string;
  readonly preferredOpenssl?: string;
}

/**
 * What is missing, found with the same lookups the test kit uses to start the services, so the
 * install script and the test kit never disagree about what "installed" means.
 */
export function installPlan(options: InstallPlanOptions = {}): InstallPlan {
  const env = options.env ?? process.env;
  const debianPackages: string[] = [];
  if (!succeeds(() => findPostgresBinDir(options.postgresRoot))) {
    debianPackages.push(pinned.postgres.debianPackage);
  }
  if (!succeeds(() => findRedisServer(env['PATH'] ?? '', options.preferredRedisServer))) {
    debianPackages.push(pinned.redis.debianPackage);
  }
  if (!succeeds(() => findRedisCli(env['PATH'] ?? '', options.preferredRedisCli))) {
    debianPackages.push(redisCliPackage);
  }
  if (!succeeds(() => findOpenssl(env['PATH'] ?? '', options.preferredOpenssl))) {
    debianPackages.push(opensslPackage);
  }
  const goTools = (Object.keys(goToolPins) as ToolName[])
    .filter((name) => !succeeds(() => toolPath(name, env)))
    .map((name) => ({
      name,
      goModule: goToolPins[name].goModule,
      goVersion: goToolPins[name].goVersion,
      path: toolInstallPath(name, env),
    }));
  return { debianPackages, goTools };
}

function succeeds(lookup: () => unknown): boolean {
  try {
    lookup();
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` is a file this process may run (what every tool lookup here asks). */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
