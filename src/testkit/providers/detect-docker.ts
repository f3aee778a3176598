import { existsSync } from 'node:fs';
import { request } from 'node:http';

/**
 * Whether a Docker engine answers, asked with a short timeout so that a missing or hung
 * engine never stalls the test run: `GET /_ping` on `$DOCKER_HOST` (unix:// only) or the
 * default socket.
 */
export function detectDocker(timeoutMs = 1_000): Promise<boolean> {
  const host = process.env['DOCKER_HOST'];
  const socketPath = host?.startsWith('unix://')
    ? host.slice('unix://'.length)
    : host
      ? undefined
      : '/var/run/docker.sock';
  if (socketPath === undefined || !existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.once('timeout', () => {
      ping.destroy();
      resolve(false);
    });
    ping.once('error', () => resolve(false));
    ping.end();
  });
}
