import { describe, expect, it } from 'vitest';
import { CircuitOpenError } from './errors.ts';
import { CircuitBreaker } from './breaker/circuit-breaker.ts';
import { FakeClock } from './fake-clock.ts';
import { createPipeline } from './pipeline.ts';
import { call, failing, reset, settle } from './pipeline.test-helpers.ts';

describe('Pipeline: a shared breaker', () => {
  it('reports its transitions through every pipeline that uses it, until disposed', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({ consecutiveFailures: 1 }, { clock });
    const reads = createPipeline({ service: 'db-reads', clock, breaker, retry: false });
    const writes = createPipeline({ service: 'db-writes', clock, breaker, retry: false });
    const seen: string[] = [];
    reads.events.on((e) => e.type === 'breaker' && seen.push(`${e.service}:${e.to}`));
    writes.events.on((e) => e.type === 'breaker' && seen.push(`${e.service}:${e.to}`));
    await settle(reads.execute(failing(reset).operation, call));
    expect(seen).toEqual(['db-reads:open', 'db-writes:open']);
    expect((await settle(writes.execute(async () => 1, call))).error).toBeInstanceOf(
      CircuitOpenError,
    );
    writes.dispose();
    breaker.reset();
    expect(seen.slice(2)).toEqual(['db-reads:closed']);
  });
});
