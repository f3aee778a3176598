import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService } from '../process/service-process.ts';
import { waitUntilReady } from '../process/wait-until-ready.ts';
import { findRedisServer } from '../tools.ts';
import type { RedisTlsEndpoint } from './endpoints.ts';
import { redisTlsSettings } from './redis-tls-settings.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';
import { makeTestCertificates } from './test-certificates.ts';

/**
 * Starts Debian's redis-server speaking only TLS on a free port of 127.0.0.1, with a password
 * and certificates made for this run (test-certificates.ts).
 */
export async function startLocalRedisTls(run: RunDir): Promise<StartedService<RedisTlsEndpoint>> {
  const dir = join(run.dir, 'redis-tls');
  mkdirSync(dir, { recursive: true });
  const [port, certificates] = await Promise.all([
    freePort(),
    makeTestCertificates(join(dir, 'tls'), ['127.0.0.1', 'localhost']),
  ]);
  const password = randomBytes(12).toString('hex');
  const { files } = certificates;
  // The password goes in a config file, not on the command line where `ps` would show it.
  const config = join(dir, 'redis.conf');
  writeFileSync(
    config,
    [...redisTlsSettings({ port, password, ...files }), 'bind 127.0.0.1', `dir ${dir}`].join('\n'),
    { mode: 0o600 },
  );
  const service = spawnService(run, {
    name: 'redis-tls',
    command: findRedisServer(),
    args: [config],
  });
  const tls = { host: '127.0.0.1', port, ca: certificates.ca };
  await waitUntilReady(service, async () => {
    const reply = await sendRedisCommands({ tls }, [['AUTH', password], ['PING']]);
    if (!reply.includes('+PONG')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  });
  return {
    endpoint: {
      host: '127.0.0.1',
      port,
      password,
      ca: certificates.ca,
      cert: certificates.clientCert,
      key: certificates.clientKey,
      proxyUpstream: `127.0.0.1:${port}`,
    },
    logFile: service.logFile,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
