import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService } from '../process/service-process.ts';
import { waitUntilReady } from '../process/wait-until-ready.ts';
import { findRedisServer } from '../tools.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';

/** Databases offered, so parallel workers each get their own. */
export const redisDatabases = 64;

/** Starts redis-server from the Debian package on a free port and a Unix socket, with a password. */
export async function startLocalRedis(
  run: RunDir,
): Promise<StartedService<ServiceEndpoints['redis']>> {
  const dir = join(run.dir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const socketPath = join(dir, 'redis.sock');
  const password = randomBytes(12).toString('hex');
  // The password goes in a config file, not on the command line where `ps` would show it.
  const config = join(dir, 'redis.conf');
  writeFileSync(
    config,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `unixsocket ${socketPath}`,
      'unixsocketperm 700',
      `dir ${dir}`,
      'save ""',
      'appendonly no',
      `databases ${redisDatabases}`,
      `requirepass ${password}`,
    ].join('\n'),
    { mode: 0o600 },
  );
  const service = spawnService(run, { name: 'redis', command: findRedisServer(), args: [config] });
  const ping = async (target: { port: number; host: string } | { path: string }) => {
    const reply = await sendRedisCommands(target, [['AUTH', password], ['PING']]);
    if (!reply.includes('+PONG')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  };
  await waitUntilReady(service, async () => {
    await ping({ host: '127.0.0.1', port });
    await ping({ path: socketPath });
  });
  return {
    endpoint: { host: '127.0.0.1', port, socketPath, password, proxyUpstream: `127.0.0.1:${port}` },
    logFile: service.logFile,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
