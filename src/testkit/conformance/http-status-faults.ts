// The categories' status answers, for a service that speaks HTTP: the HTTP fault gate answers
// in the service's place, and counts every request that reached it.
import { expect } from 'vitest';
import { isUpstreamError } from '../../core/errors.ts';
import type {
  ClientUnderTest,
  ConformanceCategory,
  ConformanceSubject,
} from './conformance-subject.ts';
import { openStation, outcomeOf, policiesWith, type Station } from './conformance-station.ts';

/** Declares one test of a category (a `test`, or a `test.fails` where failure is expected). */
export type DeclareTest = (
  of: ConformanceCategory,
) => (title: string, fn: () => Promise<void>) => void;

function gateOf(station: Station): NonNullable<Station['gate']> {
  if (station.gate === undefined) throw new Error('the subject does not speak HTTP');
  return station.gate;
}

/** The status-answer tests, each in its category. */
export function declareHttpStatusFaults<C extends ClientUnderTest>(
  subject: ConformanceSubject<C>,
  it: DeclareTest,
): void {
  it('transient failure, then success')(
    'two 503 answers, then the service: the read succeeds, three requests at the gate',
    async () => {
      const station = await openStation(subject, policiesWith(), true);
      const gate = gateOf(station);
      gate.fail({ status: 503, times: 2 });
      await station.client.read();
      expect(gate.requests.map((r) => r.outcome)).toEqual([503, 503, 'forwarded']);
    },
  );

  it('fail fast')('a 400 answer is not retried: one request at the gate', async () => {
    const station = await openStation(subject, policiesWith(), true);
    const gate = gateOf(station);
    gate.fail({ status: 400, times: Infinity });
    const outcome = await outcomeOf(station.client.read(), 5_000);
    expect(isUpstreamError(outcome.error) && outcome.error.retriable).toBe(false);
    expect(gate.requests).toHaveLength(1);
  });

  it('breaker opens')(
    'after three 503 answers the circuit opens, and no request reaches the gate',
    async () => {
      const breaker = { consecutiveFailures: 3, openDurationMs: 10_000 };
      const station = await openStation(subject, policiesWith({ retry: false, breaker }), true);
      const gate = gateOf(station);
      gate.fail({ status: 503, times: Infinity });
      for (let i = 0; i < 3; i++) await outcomeOf(station.client.read(), 5_000);
      gate.clear();
      for (let i = 0; i < 5; i++) {
        const outcome = await outcomeOf(station.client.read(), 5_000);
        expect(isUpstreamError(outcome.error) && outcome.error.kind).toBe('circuit_open');
      }
      expect(gate.requests).toHaveLength(3);
    },
  );

  it('rate limiting')(
    'a 429 with Retry-After: 1 is retried no sooner than a second later',
    async () => {
      const station = await openStation(subject, policiesWith(), true);
      const gate = gateOf(station);
      gate.fail({ status: 429, headers: { 'retry-after': '1' } });
      await station.client.read();
      const [throttled, served] = gate.requests;
      expect(throttled?.outcome).toBe(429);
      expect(served?.outcome).toBe('forwarded');
      // The gate's clock: the retry arrived at least the second the server asked for later.
      expect((served?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(990);
    },
  );
}
