import { existsSync } from 'node:fs';
import { dockerRequest, dockerSocketPath } from './docker-engine.ts';

/**
 * Whether a Docker engine answers, asked with a short timeout so that a missing or hung
 * engine never stalls the test run: `GET /_ping` on the engine's Unix socket.
 */
export async function detectDocker(timeoutMs = 1_000): Promise<boolean> {
  const socketPath = dockerSocketPath();
  if (socketPath === undefined || !existsSync(socketPath)) return false;
  try {
    return (await dockerRequest(socketPath, 'GET', '/_ping', timeoutMs)).status === 200;
  } catch {
    return false;
  }
}
