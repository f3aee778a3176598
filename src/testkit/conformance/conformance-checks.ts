// Assertions the categories share: on the pipeline's events where the wrapper has them, and
// on what the wire and the logs show.
import { expect } from 'vitest';
import type { CircuitStateName } from '../../core/breaker/circuit-state.ts';
import { eventsOf } from '../record-events.ts';
import type { ConformanceSubject } from './conformance-subject.ts';
import { delay, type Station } from './conformance-station.ts';

/** The checks bound to one subject (its secrets). */
export function conformanceChecks(subject: Pick<ConformanceSubject, 'secrets'>) {
  return {
    /** `calls` calls, one attempt each, no retry, the breaker never moved. */
    oneAttemptEach(station: Station, calls: number): void {
      if (station.client.events === undefined) return;
      expect(eventsOf(station.events, 'attempt')).toHaveLength(calls);
      expect(eventsOf(station.events, 'retry')).toEqual([]);
      expect(eventsOf(station.events, 'breaker')).toEqual([]);
    },

    /** The success took more than one attempt, where attempts can be seen. */
    retried(station: Station): void {
      if (station.client.events === undefined) return;
      expect(eventsOf(station.events, 'retry').length).toBeGreaterThan(0);
      expect(eventsOf(station.events, 'attempt').length).toBeGreaterThan(1);
    },

    /** The breaker went through `states` in order, where its transitions can be seen. */
    breakerMoved(station: Station, states: readonly CircuitStateName[]): void {
      if (station.client.events === undefined) return;
      expect(eventsOf(station.events, 'breaker').map((t) => t.to)).toEqual(states);
    },

    /** `read()` settles to `wanted` within 3 s (sockets close a moment after close()). */
    async settlesTo(read: () => number, wanted: number): Promise<void> {
      const until = performance.now() + 3_000;
      while (read() !== wanted && performance.now() < until) await delay(25);
      expect(read()).toBe(wanted);
    },

    /**
     * Retry and failure records carry the service, operation and attempt; neither the records
     * nor the error's message carry a secret.
     */
    loggedWithContext(station: Station, error: unknown): void {
      const retries = station.logs.filter((r) => r.fields['event'] === 'bulwark.retry');
      expect(retries.length, 'no retry was logged').toBeGreaterThan(0);
      for (const record of retries) {
        expect(record.level).toBe('warn');
        expect(record.fields).toMatchObject({
          service: expect.any(String),
          operation: expect.any(String),
          attempt: expect.any(Number),
        });
      }
      const failed = station.logs.filter((r) => r.level === 'error');
      expect(failed.length, 'the failed call was not logged as an error').toBeGreaterThan(0);
      const written = JSON.stringify(station.logs) + String((error as Error | undefined)?.message);
      for (const secret of subject.secrets ?? []) expect(written).not.toContain(secret);
    },
  };
}
