import { TestKitSetupError } from '../testkit-setup-error.ts';
import type { ServiceEndpoints } from './endpoints.ts';

/** The services a provider may leave out (the `external` one, when it is not given them). */
export type OptionalService = 'redisTls' | 'redisCluster';

/**
 * The endpoint of `service`, or a {@link TestKitSetupError} that says which service is missing
 * and how to offer it: a test that needs a service must fail, never pass without it. The local
 * and Docker providers offer every service; the `external` provider offers these only when
 * its endpoints file has them.
 *
 * @example
 * ```ts
 * const cluster = requireService(inject('bulwarkServices'), 'redisCluster');
 * ```
 */
export function requireService<S extends OptionalService>(
  services: ServiceEndpoints,
  service: S,
): NonNullable<ServiceEndpoints[S]> {
  const endpoint = services[service];
  if (endpoint === undefined || endpoint === null) {
    throw new TestKitSetupError(
      `this test needs the ${service} service, which the ${services.provider} provider does not offer` +
        (services.provider === 'external'
          ? `: add a "${service}" endpoint to the JSON file named by BULWARK_ENDPOINTS_FILE, or run the tests with BULWARK_SERVICES=local or docker`
          : ''),
    );
  }
  return endpoint as NonNullable<ServiceEndpoints[S]>;
}
