import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../../../src/index.ts';
import { setupGated } from '../s3/s3-harness.ts';

describe('7. rate limiting', () => {
  it('delay mode: calls beyond the rate wait, so requests leave at the rate', async () => {
    const { client, gate, bucket } = await setupGated({
      rateLimit: { ratePerSecond: 10, burst: 1 },
    });
    await client.putObject({ bucket, key: 'k', body: 'x' });
    const before = gate.requests.length;
    await Promise.all(Array.from({ length: 8 }, () => client.headObject({ bucket, key: 'k' })));
    const arrivals = gate.requests.slice(before).map((r) => r.at);
    expect(arrivals).toHaveLength(8);
    // 8 requests at 10/s with a burst of 1: the last leaves at least ~700 ms after the first.
    const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(span).toBeGreaterThanOrEqual(630);
    // Measured throughput stays within the limit (plus the burst).
    expect(((arrivals.length - 1) / span) * 1_000).toBeLessThanOrEqual(10 * 1.15);
  });

  it('reject mode: calls beyond the burst are refused at once, without a request', async () => {
    const { client, gate, bucket, of } = await setupGated({
      rateLimit: { ratePerSecond: 1, burst: 2, mode: 'reject' },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => client.headObject({ bucket, key: `k${i}` })),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const rateLimited = refused.filter((e) => e instanceof RateLimitedError);
    expect(rateLimited).toHaveLength(3);
    expect(rateLimited[0]).toMatchObject({ attempts: 0, retryAfterMs: expect.any(Number) });
    // The two that got permits reached S3 (and found nothing); the others never left.
    expect(gate.requests).toHaveLength(2);
    expect(of('rejection')).toHaveLength(3);
  });
});
