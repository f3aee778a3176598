import { describe, expect, it } from 'vitest';
import type { ServiceEndpoints } from './endpoints.ts';
import { requireService } from './require-service.ts';

const cluster = { nodes: [{ host: '127.0.0.1', port: 7000 }], password: 'p' };

function endpoints(provider: ServiceEndpoints['provider'], offered: boolean): ServiceEndpoints {
  return {
    provider,
    redisCluster: offered ? cluster : undefined,
    redisTls: undefined,
  } as unknown as ServiceEndpoints;
}

describe('requireService', () => {
  it('returns the endpoint when the provider offers it', () => {
    expect(requireService(endpoints('external', true), 'redisCluster')).toBe(cluster);
  });

  it('fails with the missing service and, under external, how to offer it', () => {
    expect(() => requireService(endpoints('external', false), 'redisCluster')).toThrow(
      'this test needs the redisCluster service, which the external provider does not offer: add a "redisCluster" endpoint to the JSON file named by BULWARK_ENDPOINTS_FILE',
    );
    expect(() => requireService(endpoints('local', false), 'redisTls')).toThrow(
      expect.objectContaining({ code: 'BULWARK_TESTKIT_SETUP' }),
    );
  });
});
