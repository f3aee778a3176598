// One test's set-up: the real service behind a counting relay, a fault proxy of the test's own
// in front of it, the client under test connected to the proxy, and what it logged.
import { onTestFinished } from 'vitest';
import type { PipelineEvent } from '../../core/pipeline-events.ts';
import { attachLogger } from '../../core/telemetry/attach-logger.ts';
import type { FaultProxy } from '../faults/fault-proxy.ts';
import { startCountingRelay, type CountingRelay } from '../faults/counting-relay.ts';
import { startHttpFaultGate, type HttpFaultGate } from '../faults/http-fault-gate.ts';
import { useFaultProxy } from '../faults/use-fault-proxy.ts';
import type {
  ClientUnderTest,
  ConformancePolicies,
  ConformanceSubject,
  Endpoint,
} from './conformance-subject.ts';

/** One log record as a pino-style logger receives it. */
export interface LoggedRecord {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly message: string | undefined;
}

export interface Station<C extends ClientUnderTest = ClientUnderTest> {
  readonly client: C;
  /** Where the client was told to connect: the proxy, or the gate in front of it. */
  readonly endpoint: Endpoint;
  readonly proxy: FaultProxy;
  /** Counts what reaches the service: behind every fault. */
  readonly relay: CountingRelay;
  /** Where asked (status answers): the HTTP gate the client connects to, counting requests. */
  readonly gate: HttpFaultGate | undefined;
  /** The client's pipeline events; empty for a wrapper without them. */
  readonly events: PipelineEvent[];
  /** The client's log records (through `attachLogger`); empty without events. */
  readonly logs: LoggedRecord[];
  /** Closes the client now (the suite's end of test does not close it again). */
  close(): Promise<void>;
}

/** How long closing the client may take at the end of a test before it is left behind. */
const closeBoundMs = 5_000;

/** Policies for a test: base timeouts and retries, no breaker unless asked. */
export function policiesWith(over: Partial<ConformancePolicies> = {}): ConformancePolicies {
  return {
    timeout: { attemptMs: 1_000, totalMs: 5_000 },
    // No jitter: the transient category's outage must end between two known attempts.
    retry: { maxAttempts: 4, backoff: { initialDelayMs: 100, maxDelayMs: 400, jitter: 'none' } },
    breaker: false,
    recoveryCheck: false,
    ...over,
  };
}

/**
 * Sets up one test against `subject` with `policies`, the client connected to the proxy, or
 * with `viaGate` to an HTTP fault gate in front of it; everything is undone when it ends.
 */
export async function openStation<C extends ClientUnderTest>(
  subject: ConformanceSubject<C>,
  policies: ConformancePolicies,
  viaGate = false,
): Promise<Station<C>> {
  const service = typeof subject.service === 'function' ? subject.service() : subject.service;
  const relay = await startCountingRelay(service);
  // Filled once the client is built; the end of the test closes whatever was made.
  const made: { client?: C; closing?: Promise<void> } = {};
  const close = () => {
    made.closing ??= made.client === undefined ? Promise.resolve() : made.client.close();
    return made.closing;
  };
  onTestFinished(async () => {
    // A naive client may never finish closing (a statement hung in a blackhole): bounded.
    await Promise.race([close().catch(() => undefined), delay(closeBoundMs)]);
    await relay.close();
  });
  const proxy = await useFaultProxy(relay.address);
  // Status answers need the gate in front; network faults are seen by the client directly
  // (behind a gate, a refused connection would reach the client as a reset, after sending).
  const gate = viaGate ? await startHttpFaultGate(proxy.address) : undefined;
  if (gate !== undefined) onTestFinished(() => gate.close());
  const endpoint = gate === undefined ? proxy : { host: '127.0.0.1', port: gate.port };
  const at: Endpoint = { host: endpoint.host, port: endpoint.port };
  const built: C = await subject.build(at, policies);
  made.client = built;
  const events: PipelineEvent[] = [];
  const logs: LoggedRecord[] = [];
  if (built.events !== undefined) {
    built.events.on((event) => events.push(event));
    attachLogger(built.events, memoryLogger(logs));
  }
  return { client: built, endpoint: at, proxy, relay, gate, events, logs, close };
}

function memoryLogger(records: LoggedRecord[]) {
  const at =
    (level: string) =>
    (fields: object, message?: string): void => {
      records.push({ level, fields: { ...fields } as Record<string, unknown>, message });
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** What a call came to: its value, or the error it threw, and how long it took. */
export interface Outcome {
  readonly ok: boolean;
  readonly error: unknown;
  readonly elapsedMs: number;
  /** True when it had not settled `boundMs` after it started. */
  readonly hung: boolean;
}

/** Awaits `call` for at most `boundMs`: a call that hangs is an outcome too, not a stuck test. */
export async function outcomeOf(call: Promise<unknown>, boundMs: number): Promise<Outcome> {
  const started = performance.now();
  const settled = await Promise.race([
    call.then(
      (): Outcome | undefined => ({ ok: true, error: undefined, elapsedMs: 0, hung: false }),
      (error: unknown): Outcome | undefined => ({ ok: false, error, elapsedMs: 0, hung: false }),
    ),
    delay(boundMs).then(() => undefined),
  ]);
  const elapsedMs = performance.now() - started;
  return settled === undefined
    ? { ok: false, error: undefined, elapsedMs, hung: true }
    : { ...settled, elapsedMs };
}

/**
 * Takes the service down and makes `failures` reads fail, enough to open a breaker of that
 * threshold; disposing the result brings the service back.
 */
export async function failReadsWhileDown(
  station: Station,
  failures: number,
): Promise<AsyncDisposable> {
  const down = await station.proxy.down();
  for (let i = 0; i < failures; i++) await outcomeOf(station.client.read(), 5_000);
  return down;
}
