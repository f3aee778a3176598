import { pinned } from '../versions.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

/** The images the Docker provider runs, one per service. */
export interface DockerImages {
  readonly postgres: string;
  readonly redis: string;
  readonly s3: string;
  readonly toxiproxy: string;
}

/** The S3 servers the provider knows how to configure and health-check. */
export type S3Server = 'minio' | 'versitygw';

/**
 * The images to run: the pinned defaults (versions.ts), redirected by the environment.
 *
 * - `BULWARK_IMAGE_REGISTRY=registry.example.com/mirror` puts every default image behind that
 *   prefix, less its own registry host: `postgres:15.18-bookworm` becomes
 *   `registry.example.com/mirror/postgres:15.18-bookworm`, `ghcr.io/shopify/toxiproxy:2.12.0`
 *   becomes `registry.example.com/mirror/shopify/toxiproxy:2.12.0` (the layout of a pull-through
 *   cache).
 * - `BULWARK_POSTGRES_IMAGE`, `BULWARK_REDIS_IMAGE`, `BULWARK_S3_IMAGE`, `BULWARK_TOXIPROXY_IMAGE`
 *   name one service's image outright, and win over the prefix.
 */
export function dockerImages(env: NodeJS.ProcessEnv = process.env): DockerImages {
  const registry = env['BULWARK_IMAGE_REGISTRY']?.replace(/\/+$/, '');
  const image = (service: keyof DockerImages): string => {
    const own = env[`BULWARK_${service.toUpperCase()}_IMAGE`];
    if (own) return own;
    const fallback = pinned[service].image;
    return registry ? `${registry}/${withoutRegistryHost(fallback)}` : fallback;
  };
  return {
    postgres: image('postgres'),
    redis: image('redis'),
    s3: image('s3'),
    toxiproxy: image('toxiproxy'),
  };
}

/**
 * Which S3 server an image runs: `$BULWARK_S3_SERVER` when set, else `versitygw` when the
 * image's name says so, else MinIO (the default image).
 */
export function s3ServerOf(image: string, env: NodeJS.ProcessEnv = process.env): S3Server {
  const chosen = env['BULWARK_S3_SERVER'];
  if (chosen !== undefined && chosen !== '') {
    if (chosen === 'minio' || chosen === 'versitygw') return chosen;
    throw new TestKitSetupError(`BULWARK_S3_SERVER must be minio or versitygw (got "${chosen}")`);
  }
  const name = image.split('/').pop() ?? image;
  return name.startsWith('versitygw') ? 'versitygw' : 'minio';
}

/** `ghcr.io/shopify/toxiproxy:2` → `shopify/toxiproxy:2`; Docker Hub names are kept as they are. */
function withoutRegistryHost(image: string): string {
  const [first, ...rest] = image.split('/');
  const isHost = rest.length > 0 && first !== undefined && /[.:]|^localhost$/.test(first);
  return isHost ? rest.join('/') : image;
}
