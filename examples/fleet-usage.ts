import {
  createFleetProbes,
  createFleetRateLimiter,
  createFleetRetryBudget,
  shareCoolDowns,
} from '../src/fleet/index.ts';
import { createHttpClient } from '../src/http/index.ts';
import { createRedisClient } from '../src/redis/index.ts';

/** A partner API client whose quota, retries and probes are the whole fleet's. */
export function partnerClient(baseUrl: string, redisUrl: string) {
  const redis = createRedisClient({ url: redisUrl });
  const limiter = createFleetRateLimiter({
    redis,
    name: 'partner-api',
    ratePerSecond: 100, // for the whole fleet; `key: (call) => ...` for one limit per tenant
    whenRedisFails: { instances: 20 }, // or 'refuse': your choice, never a silent "allowed"
  });
  const budget = createFleetRetryBudget({
    redis,
    name: 'partner-api',
    ratio: 0.2,
    whenRedisFails: { instances: 20 },
  });
  const turns = createFleetProbes({ redis, name: 'partner-api' });
  const partner = createHttpClient({
    baseUrl,
    rateLimit: { limiter, mode: 'delay' },
    retry: { budget },
    recoveryCheck: { turns },
  });
  const coolDowns = shareCoolDowns(partner.events, limiter);
  const close = async () => {
    coolDowns.dispose();
    budget.dispose();
    await partner.close();
    await redis.close();
  };
  return { partner, close };
}
