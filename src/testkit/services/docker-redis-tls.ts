import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerRun } from '../docker/docker-run.ts';
import type { RedisTlsEndpoint } from './endpoints.ts';
import { publishedHost } from './docker-endpoint-host.ts';
import { redisTlsSettings } from './redis-tls-settings.ts';
import { sendRedisCommands } from './resp-probe.ts';
import type { StartedService } from './started-service.ts';
import { makeTestCertificates } from './test-certificates.ts';

const configDir = '/etc/bulwark-redis-tls';
const inContainer = {
  ca: `${configDir}/ca.crt`,
  serverCert: `${configDir}/server.crt`,
  serverKey: `${configDir}/server.key`,
};

/**
 * Starts a TLS-only Redis in a container of the Redis image (Debian's and the official
 * image's redis-server are both built with TLS), its certificates made on this host by
 * openssl for the engine's host and the loopback names, its port published like the plain
 * Redis's.
 */
export async function startDockerRedisTls(
  docker: DockerRun,
  image: string,
): Promise<StartedService<RedisTlsEndpoint>> {
  const password = randomBytes(12).toString('hex');
  const certDir = join(docker.run.dir, 'redis-tls');
  const certificates = await makeTestCertificates(certDir, [docker.host, '127.0.0.1', 'localhost']);
  const config = [
    ...redisTlsSettings({ port: 6379, password, ...inContainer }),
    'bind 0.0.0.0',
    'protected-mode no',
  ].join('\n');
  // Files copied in belong to root, and the server runs as the `redis` user, so the key must
  // be readable by others: in a container of its own, that is the server alone.
  const files = [
    { content: certificates.ca, target: inContainer.ca },
    { content: certificates.serverCert, target: inContainer.serverCert },
    { content: certificates.serverKey, target: inContainer.serverKey },
    // The password goes in a config file, not on the command line where `ps` shows it.
    { content: config, target: `${configDir}/redis.conf` },
  ].map((file) => ({ ...file, mode: 0o644 }));
  const container = await docker
    .container(image, 'redis-tls', async (ports) => {
      const tls = { host: docker.host, port: ports.getBinding(6379), ca: certificates.ca };
      const reply = await sendRedisCommands({ tls }, [['AUTH', password], ['PING']]);
      if (!reply.includes('+PONG')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
    })
    .withCopyContentToContainer(files)
    .withCommand(['redis-server', `${configDir}/redis.conf`])
    .withExposedPorts(6379)
    .start();
  const host = publishedHost(container);
  const port = container.getMappedPort(6379);
  return {
    endpoint: {
      host,
      port,
      password,
      ca: certificates.ca,
      cert: certificates.clientCert,
      key: certificates.clientKey,
      proxyUpstream: `${host}:${port}`,
    },
    logFile: await docker.keepLog(container, 'redis-tls'),
    async stop() {
      await container.stop();
      rmSync(certDir, { recursive: true, force: true });
    },
  };
}
