import type { Attributes, Tracer } from '@opentelemetry/api';
import type { EventBus } from '../../core/event-bus.ts';
import type { PipelineEvent } from '../../core/pipeline-events.ts';

/** The ten categories every client is proven in (tests/integration/README.md). */
export const conformanceCategories = [
  'happy path',
  'transient failure, then success',
  'retry exhaustion',
  'fail fast',
  'breaker opens',
  'breaker recovers',
  'rate limiting',
  'timeouts',
  'resource cleanup',
  'observability',
] as const;

export type ConformanceCategory = (typeof conformanceCategories)[number];

/**
 * The policies the suite asks of the client for one test, in bulwark's own option shapes: a
 * wrapper built on `createPipeline` (or a bulwark client) passes them on as they are.
 */
export interface ConformancePolicies {
  readonly timeout: { readonly attemptMs: number; readonly totalMs: number };
  readonly retry:
    | {
        readonly maxAttempts: number;
        readonly backoff: {
          readonly initialDelayMs: number;
          readonly maxDelayMs: number;
          readonly jitter: 'none';
        };
      }
    | false;
  readonly breaker:
    | {
        readonly consecutiveFailures: number;
        readonly openDurationMs: number;
        /** 0 where a test times the open state: the open time is then exactly as given. */
        readonly openJitter?: number;
      }
    | false;
  /** Off: the breaker categories time the open state themselves. */
  readonly recoveryCheck: false;
  /** Given in the observability category: the calls' spans go to this tracer. */
  readonly tracer?: Tracer;
  /** Given only in the rate-limiting category. */
  readonly rateLimit?: {
    readonly ratePerSecond: number;
    readonly burst: number;
    readonly mode: 'delay';
  };
}

/** The client under test, as the suite drives it. */
export interface ClientUnderTest {
  /** An idempotent read that succeeds against a healthy service. */
  read(): Promise<unknown>;
  /** A non-idempotent write of `key` (an insert, an increment), counted by `timesWritten`. */
  write(key: string): Promise<unknown>;
  /** Lets go of every connection; the suite calls it once. */
  close(): Promise<void>;
  /** The pipeline's events, when the wrapper has them (for attempts, retries, logs). */
  readonly events?: EventBus<PipelineEvent>;
}

/** Where the test process reaches a service, and where the suite's client should connect. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** A client wrapper and its service, described for {@link describeConformance}. */
export interface ConformanceSubject<C extends ClientUnderTest = ClientUnderTest> {
  /** The name the tests carry (`postgres`, `my-kv`). */
  readonly name: string;
  /** `host:port` of the real service, as the test process reaches it. */
  readonly service: string | (() => string);
  /** Builds a client that connects to `endpoint` (a fault proxy in front of the service). */
  build(endpoint: Endpoint, policies: ConformancePolicies): C | Promise<C>;
  /** How many times the service applied `write(key)`, asked of the service itself. */
  timesWritten(key: string): Promise<number>;
  /**
   * A call a retry cannot fix (bad credentials, a constraint violated, a 404), for the
   * fail-fast category; without it that category is not generated.
   */
  readonly failFast?: (client: C) => Promise<unknown>;
  /**
   * The service speaks HTTP: the suite puts an HTTP fault gate in front of the proxy (the
   * client connects to the gate), counts requests there, and adds status answers to the faults.
   */
  readonly speaksHttp?: boolean;
  /** Values that must never appear in a log record, a span or an error message (passwords, keys). */
  readonly secrets?: readonly string[];
  /**
   * What every attempt span of `read()` carries by the OpenTelemetry semantic conventions
   * (`{ 'db.system.name': 'postgresql' }`), beyond `server.address` and `server.port`, which
   * the suite checks for every subject.
   */
  readonly spanAttributes?: Attributes;
}

/** Options of {@link describeConformance}. */
export interface ConformanceOptions {
  /**
   * Categories the subject is expected to fail (a naive wrapper's): their tests pass only if
   * the category's assertions fail. For proving the suite can fail, not for excusing a client.
   */
  readonly expectFailures?: readonly ConformanceCategory[];
}
