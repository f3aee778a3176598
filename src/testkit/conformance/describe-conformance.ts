// The ten categories as tests any client wrapper can be put through: real service, real socket,
// faults from a real Toxiproxy, and what reached the service counted on the wire.
import { describe, expect, test } from 'vitest';
import { isUpstreamError } from '../../core/errors.ts';
import { timeout } from '../faults/toxics.ts';
import { uniqueName } from '../isolation.ts';
import { conformanceChecks } from './conformance-checks.ts';
import { declareHttpStatusFaults } from './http-status-faults.ts';
import { declareObservabilityTests } from './observability-tests.ts';
import type {
  ClientUnderTest,
  ConformanceCategory,
  ConformanceOptions,
  ConformanceSubject,
} from './conformance-subject.ts';
import {
  delay,
  failReadsWhileDown,
  openStation,
  outcomeOf,
  policiesWith,
} from './conformance-station.ts';

/**
 * A short outage: the base policies' retries (100, 200, 400 ms apart) outlast it, with an
 * attempt to spare.
 */
const outageMs = 250;

/** Ends an outage `ms` from now, unless the test (and its proxy) ended first. */
function upAfter(down: AsyncDisposable, ms: number): void {
  setTimeout(
    () => void Promise.resolve(down[Symbol.asyncDispose]()).catch(() => undefined),
    ms,
  ).unref();
}

/** Past its deadline, a call gets this long (timers run late on a loaded machine) before it hangs. */
const graceMs = 2_000;

/**
 * Declares the ten categories for `subject` (tests/integration/README.md) as vitest tests, in
 * a `describe` of its name. Every test sets up its own fault proxy and counting relay, so tests
 * may run in any order and in parallel workers. Needs the test kit's global setup (Toxiproxy).
 *
 * @example
 * describeConformance({
 *   name: 'my-kv',
 *   service: `${kv.host}:${kv.port}`,
 *   build: (endpoint, policies) => createMyKvClient({ ...endpoint, ...policies }),
 *   timesWritten: (key) => countOnServer(key),
 * });
 */
export function describeConformance<C extends ClientUnderTest>(
  subject: ConformanceSubject<C>,
  options: ConformanceOptions = {},
): void {
  const expected = new Set(options.expectFailures ?? []);
  const category = (name: ConformanceCategory, body: () => void) => {
    describe(name, body);
  };
  /** A test of `name`'s category, or one that must fail when the category is expected to. */
  const it = (of: ConformanceCategory) => (title: string, fn: () => Promise<void>) =>
    expected.has(of) ? test.fails(title, fn) : test(title, fn);
  const checks = conformanceChecks(subject);

  describe(`conformance: ${subject.name}`, () => {
    if (subject.speaksHttp === true) {
      describe('status answers, through the HTTP fault gate', () => {
        declareHttpStatusFaults(subject, it);
      });
    }

    category('happy path', () => {
      it('happy path')(
        'a read and a write succeed, each in one attempt, and the write lands once',
        async () => {
          const station = await openStation(
            subject,
            policiesWith({ breaker: { consecutiveFailures: 5, openDurationMs: 5_000 } }),
          );
          await station.client.read();
          const key = uniqueName('conformance');
          await station.client.write(key);
          expect(await subject.timesWritten(key)).toBe(1);
          expect(station.relay.bytesToService).toBeGreaterThan(0);
          checks.oneAttemptEach(station, 2);
        },
      );
    });

    category('transient failure, then success', () => {
      it('transient failure, then success')(
        'a read through a 250 ms outage is retried and succeeds',
        async () => {
          const station = await openStation(subject, policiesWith());
          const down = await station.proxy.down();
          upAfter(down, outageMs);
          const outcome = await outcomeOf(station.client.read(), 5_000 + graceMs);
          expect(outcome.error).toBeUndefined();
          expect(outcome.ok).toBe(true);
          checks.retried(station);
        },
      );

      it('transient failure, then success')(
        'writes through a 250 ms outage never left, so are retried, and each lands once',
        async () => {
          const station = await openStation(subject, policiesWith());
          await station.client.read();
          const keys = Array.from({ length: 5 }, () => uniqueName('conformance'));
          const down = await station.proxy.down();
          upAfter(down, outageMs);
          const writes = keys.map(async (key, i) => {
            await delay(i * 40);
            return outcomeOf(station.client.write(key), 5_000 + graceMs);
          });
          for (const outcome of await Promise.all(writes)) expect(outcome.error).toBeUndefined();
          for (const key of keys) expect(await subject.timesWritten(key)).toBe(1);
        },
      );
    });

    category('retry exhaustion', () => {
      it('retry exhaustion')(
        'every attempt fails: one UpstreamError with the attempts it made, no endless loop',
        async () => {
          const station = await openStation(subject, policiesWith());
          await station.proxy.down();
          const outcome = await outcomeOf(station.client.read(), 5_000 + graceMs);
          expect(outcome.hung).toBe(false);
          expect(isUpstreamError(outcome.error)).toBe(true);
          if (!isUpstreamError(outcome.error)) return;
          expect(outcome.error.attempts).toBe(4);
          expect(outcome.error.message).toContain('4 attempts');
        },
      );

      it('retry exhaustion')('a write that fails saying applied: no never landed', async () => {
        const station = await openStation(subject, policiesWith());
        await station.proxy.down();
        const key = uniqueName('conformance');
        const outcome = await outcomeOf(station.client.write(key), 5_000 + graceMs);
        expect(isUpstreamError(outcome.error) && outcome.error.applied).toBe('no');
        await station.proxy.up();
        expect(await subject.timesWritten(key)).toBe(0);
      });
    });

    if (subject.failFast !== undefined) {
      const failFast = subject.failFast;
      category('fail fast', () => {
        it('fail fast')('an error a retry cannot fix fails at once, in one attempt', async () => {
          const station = await openStation(subject, policiesWith());
          const outcome = await outcomeOf(failFast(station.client), 5_000 + graceMs);
          expect(isUpstreamError(outcome.error)).toBe(true);
          if (!isUpstreamError(outcome.error)) return;
          expect(outcome.error.retriable).toBe(false);
          expect(outcome.error.attempts).toBe(1);
        });
      });
    }

    category('breaker opens', () => {
      it('breaker opens')(
        'after 3 failures calls fail fast as circuit_open, and nothing reaches the service',
        async () => {
          const breaker = { consecutiveFailures: 3, openDurationMs: 10_000 };
          const station = await openStation(subject, policiesWith({ retry: false, breaker }));
          await station.client.read();
          await (await failReadsWhileDown(station, 3))[Symbol.asyncDispose]();
          const { bytesToService, connections } = station.relay;
          for (let i = 0; i < 5; i++) {
            const outcome = await outcomeOf(station.client.read(), 5_000);
            expect(isUpstreamError(outcome.error) && outcome.error.kind).toBe('circuit_open');
          }
          expect(station.relay.bytesToService).toBe(bytesToService);
          expect(station.relay.connections).toBe(connections);
        },
      );
    });

    category('breaker recovers', () => {
      it('breaker recovers')(
        'after the open time a call probes the service, and its success closes the circuit',
        async () => {
          // Exact, for the test to time: the open time's jitter has tests of its own.
          const breaker = { consecutiveFailures: 3, openDurationMs: 500, openJitter: 0 };
          const station = await openStation(subject, policiesWith({ retry: false, breaker }));
          await (await failReadsWhileDown(station, 3))[Symbol.asyncDispose]();
          const refused = await outcomeOf(station.client.read(), 5_000);
          expect(isUpstreamError(refused.error) && refused.error.kind).toBe('circuit_open');
          await delay(600);
          for (let i = 0; i < 3; i++) await station.client.read();
          checks.breakerMoved(station, ['open', 'half_open', 'closed']);
        },
      );

      it('breaker recovers')('a probe that fails opens the circuit again', async () => {
        // Exact, for the test to time: the open time's jitter has tests of its own.
        const breaker = { consecutiveFailures: 3, openDurationMs: 500, openJitter: 0 };
        const station = await openStation(subject, policiesWith({ retry: false, breaker }));
        await failReadsWhileDown(station, 3);
        await delay(600);
        const probe = await outcomeOf(station.client.read(), 5_000);
        expect(probe.ok).toBe(false);
        const after = await outcomeOf(station.client.read(), 5_000);
        expect(isUpstreamError(after.error) && after.error.kind).toBe('circuit_open');
      });
    });

    category('rate limiting', () => {
      it('rate limiting')(
        'calls beyond 20 a second wait for their turn: 10 at once take at least 0.45 s',
        async () => {
          const rateLimit = { ratePerSecond: 20, burst: 1, mode: 'delay' } as const;
          const station = await openStation(subject, policiesWith({ rateLimit }));
          const started = performance.now();
          await Promise.all(Array.from({ length: 10 }, () => station.client.read()));
          // Nine calls past the burst, 50 ms apart; a little under, for the clock's rounding.
          expect(performance.now() - started).toBeGreaterThanOrEqual(440);
        },
      );
    });

    category('timeouts', () => {
      it('timeouts')(
        'a blackholed service: the call ends as a timeout by its deadline, and the client works after',
        async () => {
          const policies = policiesWith({ timeout: { attemptMs: 300, totalMs: 900 } });
          const station = await openStation(subject, policies);
          await station.client.read();
          const fault = await station.proxy.inject(
            timeout({ timeoutMs: 0, direction: 'upstream' }),
          );
          const outcome = await outcomeOf(station.client.read(), 900 + graceMs);
          expect(outcome.hung).toBe(false);
          expect(isUpstreamError(outcome.error) && outcome.error.kind).toBe('timeout');
          await fault.remove();
          await station.client.read();
        },
      );
    });

    category('resource cleanup', () => {
      it('resource cleanup')(
        'after many calls, close() leaves no connection open, and a later call fails',
        async () => {
          const station = await openStation(subject, policiesWith());
          for (let round = 0; round < 3; round++) {
            await Promise.all(Array.from({ length: 10 }, () => station.client.read()));
          }
          await station.close();
          await checks.settlesTo(() => station.relay.openConnections, 0);
          const late = await outcomeOf(station.client.read(), 5_000);
          expect(late.ok).toBe(false);
          expect(late.hung).toBe(false);
        },
      );
    });

    category('observability', () => {
      declareObservabilityTests(subject, it);
    });
  });
}
