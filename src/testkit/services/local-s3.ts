import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../process/free-port.ts';
import type { RunDir } from '../process/run-dir.ts';
import { spawnService } from '../process/service-process.ts';
import { waitUntilReady } from '../process/wait-until-ready.ts';
import { toolPath } from '../tools.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import type { StartedService } from './started-service.ts';

const region = 'us-east-1';

/**
 * Starts versitygw, a real S3 server that checks SigV4 signatures, on a free port with a
 * posix backend in the run folder. (MinIO, used under Docker, cannot be built from the Go
 * module proxy.) Credentials are random per run and passed in the environment, not argv.
 */
export async function startLocalS3(run: RunDir): Promise<StartedService<ServiceEndpoints['s3']>> {
  const data = join(run.dir, 's3');
  mkdirSync(data, { recursive: true });
  const port = await freePort();
  const accessKeyId = `BULWARK${randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64url');
  const service = spawnService(run, {
    name: 's3',
    command: toolPath('versitygw'),
    args: ['--port', `127.0.0.1:${port}`, 'posix', data],
    // A clean environment: versitygw reads settings from VGW_* and ROOT_* variables, and a
    // stray one in the developer's shell must not change the server under test.
    env: {
      PATH: process.env['PATH'],
      ROOT_ACCESS_KEY_ID: accessKeyId,
      ROOT_SECRET_ACCESS_KEY: secretAccessKey,
      VGW_REGION: region,
    },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(service, async () => {
    // Any S3 answer (an unsigned request gets 403) means the server is serving.
    const response = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(1_000) });
    await response.text();
  });
  return {
    endpoint: {
      endpoint,
      host: '127.0.0.1',
      port,
      accessKeyId,
      secretAccessKey,
      region,
      proxyUpstream: `127.0.0.1:${port}`,
      server: 'versitygw',
    },
    logFile: service.logFile,
    async stop() {
      await service.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
