import { detectDocker } from '../docker/detect-docker.ts';
import { externalProvider } from './external-provider.ts';
import { localProvider } from './local-provider.ts';
import type { ServiceProvider } from './service-provider.ts';
import { TestKitSetupError } from '../testkit-setup-error.ts';

const choices = ['auto', 'local', 'docker', 'external'] as const;

/**
 * The provider named by `$BULWARK_SERVICES` (auto, local, docker, external). `auto` (the
 * default) uses Docker when an engine answers, local binaries otherwise.
 */
export async function selectProvider(
  choice = process.env['BULWARK_SERVICES'] ?? 'auto',
): Promise<ServiceProvider> {
  if (!(choices as readonly string[]).includes(choice)) {
    throw new TestKitSetupError(
      `BULWARK_SERVICES must be one of ${choices.join(', ')} (got "${choice}")`,
    );
  }
  if (choice === 'local') return localProvider;
  if (choice === 'external') return externalProvider;
  if (choice === 'docker' || (await detectDocker())) {
    // Loaded only when used: testcontainers is an optional peer dependency.
    const { dockerProvider } = await import('./docker-provider.ts');
    return dockerProvider;
  }
  return localProvider;
}
