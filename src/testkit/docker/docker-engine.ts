import { request } from 'node:http';

/**
 * The Docker engine's Unix socket: `$DOCKER_HOST` when it is a `unix://` address, the default
 * socket when `$DOCKER_HOST` is unset, and undefined for any other engine address (tcp://, ssh://),
 * which this kit does not speak to directly (testcontainers does, and Ryuk reaps there).
 */
export function dockerSocketPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

/** An answer of the Docker Engine API. */
export interface DockerAnswer {
  readonly status: number;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  readonly body: unknown;
}

/**
 * One request to the Docker Engine API over its Unix socket. The kit's own reaper and sweep use
 * this rather than testcontainers, so that they start fast and work in a process that has
 * nothing else loaded. Rejects on a socket error or after `timeoutMs`.
 */
export function dockerRequest(
  socketPath: string,
  method: 'GET' | 'DELETE' | 'POST',
  path: string,
  timeoutMs = 10_000,
): Promise<DockerAnswer> {
  return new Promise((resolve, reject) => {
    const call = request({ socketPath, method, path, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    call.once('timeout', () =>
      call.destroy(new Error(`Docker ${method} ${path}: no answer within ${timeoutMs} ms`)),
    );
    call.once('error', reject);
    call.end();
  });
}
