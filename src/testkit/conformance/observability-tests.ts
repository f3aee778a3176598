// The observability category: log records, spans and metrics of a client, read the way an
// application reads them (a pino-style logger, the OpenTelemetry SDK's exporter and reader).
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';
import { eventsOf } from '../record-events.ts';
import type { ClientUnderTest, ConformanceSubject } from './conformance-subject.ts';
import { conformanceChecks } from './conformance-checks.ts';
import type { DeclareTest } from './http-status-faults.ts';
import { openStation, outcomeOf, policiesWith, type Station } from './conformance-station.ts';
import { recordMetrics, recordSpans, type MetricPoint } from './telemetry-recorders.ts';

/** Past its deadline, a call gets this long (timers run late on a loaded machine) before it hangs. */
const boundMs = 7_000;

/** Sums the points of a counter whose attributes match `where`. */
function sum(points: readonly MetricPoint[] | undefined, where: Record<string, unknown>): number {
  const matches = (points ?? []).filter((p) =>
    Object.entries(where).every(([key, value]) => p.attributes[key] === value),
  );
  return matches.reduce((total, p) => total + Number(p.value), 0);
}

/** What a span shows to whoever reads traces: its name, attributes, events and status. */
const shownBy = (span: ReadableSpan) => ({
  name: span.name,
  attributes: span.attributes,
  events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
  status: span.status,
});

/** A read that succeeds, then one that fails after its retries with the service down. */
async function readThenFail(station: Station): Promise<unknown> {
  await station.client.read();
  await station.proxy.down();
  const outcome = await outcomeOf(station.client.read(), boundMs);
  expect(outcome.ok, 'the read succeeded with the service down').toBe(false);
  return outcome.error;
}

export function declareObservabilityTests<C extends ClientUnderTest>(
  subject: ConformanceSubject<C>,
  it: DeclareTest,
): void {
  const checks = conformanceChecks(subject);

  it('observability')(
    'retries and the failure are logged with context, and no secret appears',
    async () => {
      const station = await openStation(subject, policiesWith());
      expect(station.client.events, 'the client has no pipeline events to log').toBeDefined();
      await station.proxy.down();
      const outcome = await outcomeOf(station.client.read(), boundMs);
      checks.loggedWithContext(station, outcome.error);
    },
  );

  it('observability')(
    'each call is a span with a child span per attempt, by the semantic conventions; retries and the failure show on them',
    async () => {
      const spans = recordSpans();
      const station = await openStation(subject, policiesWith({ tracer: spans.tracer }));
      await readThenFail(station);
      const [served, failed] = spans.calls();
      expect(spans.calls(), 'one span per call').toHaveLength(2);
      if (served === undefined || failed === undefined) return;
      expect(served.status.code).toBe(SpanStatusCode.UNSET);
      expect(spans.attemptsOf(served)).toHaveLength(1);

      const attempts = spans.attemptsOf(failed);
      expect(attempts.length, 'the failed call made one attempt only').toBeGreaterThan(1);
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(failed.attributes['error.type']).toEqual(expect.any(String));
      const retries = failed.events.filter((event) => event.name === 'bulwark.retry');
      expect(retries).toHaveLength(attempts.length - 1);
      for (const attempt of attempts) {
        expect(attempt.status.code).toBe(SpanStatusCode.ERROR);
        expect(attempt.attributes['error.type']).toEqual(expect.any(String));
      }
      const { host, port } = station.endpoint;
      for (const attempt of [...spans.attemptsOf(served), ...attempts]) {
        expect(attempt.attributes).toMatchObject({
          'server.address': host,
          'server.port': port,
          ...subject.spanAttributes,
        });
      }
      const shown = JSON.stringify(spans.all().map(shownBy));
      for (const secret of subject.secrets ?? []) expect(shown).not.toContain(secret);
    },
  );

  it('observability')(
    "the metrics count calls, attempts and retries, and report the breaker's state from the first call",
    async () => {
      const station = await openStation(
        subject,
        policiesWith({ breaker: { consecutiveFailures: 10, openDurationMs: 5_000 } }),
      );
      const events = station.client.events;
      expect(events, 'the client has no pipeline events to measure').toBeDefined();
      if (events === undefined) return;
      using metrics = recordMetrics(events);
      await station.client.read();
      const first = await metrics.collect();
      expect(first.get('bulwark.breaker.state')?.map((p) => p.value)).toEqual([0]);

      await station.proxy.down();
      await outcomeOf(station.client.read(), boundMs);
      const after = await metrics.collect();
      const calls = after.get('bulwark.calls');
      expect(sum(calls, { outcome: 'success' })).toBe(1);
      expect(sum(calls, { outcome: 'failure' })).toBe(1);
      expect(sum(after.get('bulwark.retries'), {})).toBe(eventsOf(station.events, 'retry').length);
      const durations = after.get('bulwark.attempt.duration') ?? [];
      const measured = durations.reduce(
        (total, p) => total + ((p.value as { count?: number }).count ?? 0),
        0,
      );
      expect(measured).toBe(eventsOf(station.events, 'attempt').length);
      expect(measured).toBeGreaterThan(2);
    },
  );
}
