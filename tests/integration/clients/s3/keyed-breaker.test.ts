// One breaker for a whole client blocks what would succeed (reproduction 5). Through a choked
// link (a real Toxiproxy limiting what the real S3 server sends back), large reads time out
// while small writes, whose answers are a few hundred bytes, still get through. With one
// breaker the reads' timeouts open the client's only circuit and the writes are refused with
// them; keyed by operation, only the getObject circuit opens, the writes are served, and S3
// really stores them.
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isUpstreamError, type BreakerOptions } from '../../../../src/index.ts';
import { bandwidth } from '../../../../src/testkit/index.ts';
import { direct, patternBytes, setup } from './s3-harness.ts';
import { sleep } from './s3-suite.ts';

// 2 MB at 500 KB/s take 4 s: ten times the 400 ms an attempt may take, so no read of the
// large object can finish. A write's answer (headers only) passes in well under a millisecond.
const largeBytes = 2_000_000;
const link = bandwidth({ kilobytesPerSecond: 500 });
const attemptMs = 400;
const lanes = 8;
const paceMs = 100;
const runMs = 3_000;
// Half the writes the lanes' rounds would make: room for the lanes a slow read holds up.
const fewestWrites = (lanes * runMs) / paceMs / 2;

interface Tally {
  readonly served: string[];
  readonly refused: string[];
  readonly failed: string[];
}

const tally = (): Tally => ({ served: [], refused: [], failed: [] });

/** Files a call's end under served, refused by an open circuit, or failed otherwise. */
async function count(into: Tally, label: string, call: Promise<unknown>): Promise<void> {
  try {
    await call;
    into.served.push(label);
  } catch (error) {
    if (isUpstreamError(error) && error.kind === 'circuit_open') into.refused.push(label);
    else into.failed.push(label);
  }
}

const share = ({ served, refused, failed }: Tally): number =>
  served.length / (served.length + refused.length + failed.length);

/**
 * 8 lanes, each reading the large object and then writing a small one of its own, a round
 * every 100 ms (or at once when the last took longer) for 3 s, through the choked link. The
 * lanes start together, so their reads time out together: five failures in a row, as when a
 * batch of large downloads meets a congested link.
 */
async function mixedWorkload(breaker: BreakerOptions) {
  const { client, proxy, bucket, of } = await setup({
    // One attempt a call: each call is one verdict for the breaker and one line of the tally.
    retry: false,
    timeout: { attemptMs, totalMs: 2_000 },
    breaker,
  });
  // Stored around the proxy, before the link is choked.
  const large = patternBytes(largeBytes);
  await direct.send(new PutObjectCommand({ Bucket: bucket, Key: 'large', Body: large }));
  await proxy.inject(link);
  const reads = tally();
  const writes = tally();
  const until = performance.now() + runMs;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let round = 0, next = performance.now(); next < until; round++) {
        await count(reads, 'large', client.getObject({ bucket, key: 'large' }));
        const key = `small/${lane}-${round}`;
        await count(writes, key, client.putObject({ bucket, key, body: 'w'.repeat(300) }));
        next = Math.max(next + paceMs, performance.now());
        await sleep(next - performance.now());
      }
    }),
  );
  // What S3 holds, read around bulwark and the proxy: "served" must mean stored.
  const listed = await direct.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'small/' }));
  const stored = new Set((listed.Contents ?? []).map(({ Key }) => Key));
  // Why the reads that were sent failed: each attempt ran out of time on the choked link.
  const readKinds = new Set(
    of('call')
      .filter((c) => c.operation === 'getObject' && c.outcome === 'failure')
      .map((c) => c.kind),
  );
  return { client, reads, writes, stored, readKinds, of };
}

const breakerOptions = { consecutiveFailures: 5, openDurationMs: 1_000 };

describe('one circuit per operation (reproduction 5)', () => {
  it('one breaker for the client: the large reads open it, and the small writes are refused', async () => {
    const { client, reads, writes, stored, readKinds, of } = await mixedWorkload(breakerOptions);
    expect(reads.served).toEqual([]);
    expect([...readKinds]).toEqual(['timeout']);
    const transitions = of('breaker');
    expect(transitions).toContainEqual(expect.objectContaining({ from: 'closed', to: 'open' }));
    // The client's one circuit: its events name no key.
    expect(transitions.filter((t) => t.key !== undefined)).toEqual([]);
    expect(client.breakers).toBeUndefined();
    // Writes that would have gone through are refused with the reads: measured, 1 to 3 of
    // about 207 served (a write finds the circuit closed only when a probe closed it).
    expect(share(writes)).toBeLessThanOrEqual(0.25);
    expect(writes.refused.length).toBeGreaterThanOrEqual(fewestWrites);
    expect(of('rejection').filter((r) => r.operation === 'putObject')).toHaveLength(
      writes.refused.length,
    );
    // A refused write never left: S3 holds none of them, and every served one.
    expect(writes.refused.filter((key) => stored.has(key))).toEqual([]);
    expect(writes.served.filter((key) => !stored.has(key))).toEqual([]);
  }, 15_000);

  it('keyed by operation: the getObject circuit opens alone, and the small writes are served', async () => {
    const { client, reads, writes, stored, readKinds, of } = await mixedWorkload({
      ...breakerOptions,
      keyed: { by: 'operation' },
    });
    expect(reads.served).toEqual([]);
    expect([...readKinds]).toEqual(['timeout']);
    // The reads still fail fast once their circuit is open, rather than each waiting 400 ms.
    expect(reads.refused.length).toBeGreaterThan(reads.failed.length);
    const transitions = of('breaker');
    expect(transitions).toContainEqual(
      expect.objectContaining({ key: 'getObject', from: 'closed', to: 'open' }),
    );
    expect(transitions.filter((t) => t.key !== 'getObject')).toEqual([]);
    expect(client.breaker).toBeUndefined();
    expect(client.breakers?.keys().sort()).toEqual(['getObject', 'putObject']);
    expect(client.breakers?.get('putObject')?.state.state).toBe('closed');
    // No write was refused: its circuit never opened. Measured, every one (about 207) served.
    expect(writes.refused).toEqual([]);
    expect(share(writes)).toBeGreaterThanOrEqual(0.95);
    expect(writes.served.length).toBeGreaterThanOrEqual(fewestWrites);
    const puts = of('call').filter((c) => c.operation === 'putObject');
    expect(puts.every((c) => c.breakerKey === 'putObject' && c.breaker === 'closed')).toBe(true);
    expect(writes.served.filter((key) => !stored.has(key))).toEqual([]);
  }, 15_000);
});
