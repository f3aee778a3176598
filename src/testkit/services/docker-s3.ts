import { randomBytes } from 'node:crypto';
import type { GenericContainer } from 'testcontainers';
import type { S3Server } from '../docker/docker-images.ts';
import type { DockerRun } from '../docker/docker-run.ts';
import type { ServiceEndpoints } from './endpoints.ts';
import { publishedHost } from './docker-endpoint-host.ts';
import type { StartedService } from './started-service.ts';

const region = 'us-east-1';
const port = 9000;

/**
 * Starts an S3 server in a container: MinIO (the default image) or versitygw (the image
 * `scripts/build-images` makes from the binary the local path runs). Each is configured and
 * health-checked in its own way; both check SigV4 signatures with random per-run credentials.
 */
export async function startDockerS3(
  docker: DockerRun,
  image: string,
  server: S3Server,
): Promise<StartedService<ServiceEndpoints['s3']>> {
  const accessKeyId = `BULWARK${randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(20).toString('base64url');
  const configured = configure[server](
    docker.container(image, 's3', async (ports) => {
      const url = `http://127.0.0.1:${ports.getBinding(port)}${healthPath[server]}`;
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.text();
      // versitygw has no health route: any S3 answer (403 to an unsigned request) will do.
      if (server === 'minio' && !response.ok) throw new Error(`${url} answered ${response.status}`);
    }),
    accessKeyId,
    secretAccessKey,
  );
  const container = await configured.withExposedPorts(port).start();
  const host = publishedHost(container);
  const mapped = container.getMappedPort(port);
  return {
    endpoint: {
      endpoint: `http://${host}:${mapped}`,
      host,
      port: mapped,
      accessKeyId,
      secretAccessKey,
      region,
      proxyUpstream: `${host}:${mapped}`,
      server,
    },
    logFile: await docker.keepLog(container, 's3'),
    stop: async () => void (await container.stop()),
  };
}

const healthPath: Readonly<Record<S3Server, string>> = {
  minio: '/minio/health/live',
  versitygw: '/',
};

const configure: Readonly<
  Record<S3Server, (c: GenericContainer, key: string, secret: string) => GenericContainer>
> = {
  minio: (container, key, secret) =>
    container
      .withEnvironment({ MINIO_ROOT_USER: key, MINIO_ROOT_PASSWORD: secret, MINIO_REGION: region })
      .withCommand(['server', '/data']),
  versitygw: (container, key, secret) =>
    container
      .withEnvironment({
        ROOT_ACCESS_KEY_ID: key,
        ROOT_SECRET_ACCESS_KEY: secret,
        VGW_REGION: region,
      })
      .withCommand(['--port', `:${port}`, 'posix', '/data']),
};
