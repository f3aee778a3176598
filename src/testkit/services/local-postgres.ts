import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService } from '../process/service-process.ts';
import { waitUntilReady } from '../process/wait-until-ready.ts';
import { findPostgresBinDir } from '../tools.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { testPostgresSettings } from './postgres-settings.ts';
import type { StartedService } from './started-service.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

const run$ = promisify(execFile);

/** PostgreSQL refuses to run as root; as root we run it as this user (Debian's package makes it). */
const unprivilegedUser = 'postgres';
const superuser = 'bulwark';

/**
 * Starts PostgreSQL from the Debian package: a fresh cluster (initdb) in the run folder,
 * listening on 127.0.0.1 at a free port and on a Unix socket, password auth (SCRAM), with the
 * shared test settings.
 */
export async function startLocalPostgres(
  run: RunDir,
): Promise<StartedService<ServiceEndpoints['postgres']>> {
  const bin = findPostgresBinDir();
  const base = join(run.dir, 'postgres');
  const data = join(base, 'data');
  const socketDir = join(base, 'socket');
  mkdirSync(socketDir, { recursive: true });
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(base, 'password');
  writeFileSync(passwordFile, password, { mode: 0o600 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = uidOf(unprivilegedUser);
    for (const path of [base, socketDir, passwordFile]) chownSync(path, uid, -1);
  }

  const initdbArgs = [
    '-D',
    data,
    '-U',
    superuser,
    `--pwfile=${passwordFile}`,
    '-A',
    'scram-sha-256',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ];
  const initdb = asRoot
    ? run$('setpriv', [
        '--reuid',
        unprivilegedUser,
        '--regid',
        unprivilegedUser,
        '--init-groups',
        '--',
        join(bin, 'initdb'),
        ...initdbArgs,
      ])
    : run$(join(bin, 'initdb'), initdbArgs);
  await initdb.catch((error: Error & { stderr?: string }) => {
    throw new TestKitSetupError(
      `initdb failed for the test PostgreSQL in ${data}: ${error.stderr ?? error.message}`,
    );
  });
  rmSync(passwordFile, { force: true });

  const port = await freePort();
  const service = spawnService(run, {
    name: 'postgres',
    command: join(bin, 'postgres'),
    args: [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      socketDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_permissions=0777',
      ...testPostgresSettings,
    ],
    ...(asRoot ? { runAsUser: unprivilegedUser } : {}),
    // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for clients to leave.
    stopSignal: 'SIGINT',
  });
  const isReady = (host: string) =>
    run$(join(bin, 'pg_isready'), [
      '-q',
      '-h',
      host,
      '-p',
      String(port),
      '-U',
      superuser,
      '-d',
      'postgres',
    ]);
  await waitUntilReady(service, async () => {
    await isReady('127.0.0.1');
    await isReady(socketDir);
  });
  return {
    endpoint: {
      host: '127.0.0.1',
      port,
      socketDir,
      user: superuser,
      password,
      database: 'postgres',
      proxyUpstream: `127.0.0.1:${port}`,
    },
    logFile: service.logFile,
    async stop() {
      await service.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

function uidOf(user: string): number {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${user}:`));
  const uid = Number(line?.split(':')[2]);
  if (!line || !Number.isInteger(uid)) {
    throw new TestKitSetupError(
      `user ${user} does not exist; PostgreSQL cannot run as root (install the postgresql package: npm run setup)`,
    );
  }
  return uid;
}
