import {
  bandwidth,
  latency,
  resetPeer,
  s3ErrorBody,
  timeout,
  type FaultProxy,
  type HttpFaultGate,
  type TailRelay,
} from 'bulwark/testkit';
import type { DrillClient, PhaseName } from './drill-results.ts';
import type { OverloadPoint } from './overload-servers.ts';
import type { Workload } from './workloads/workload.ts';

/** What a phase can act on for one client side: its fault proxy, and the HTTP gate before it. */
export interface FaultPoint {
  readonly client: DrillClient;
  readonly proxy: FaultProxy;
  readonly gate: HttpFaultGate | undefined;
  /** The relay between the proxy and the service, which can make replies late now and then. */
  readonly tail: TailRelay;
  /** The side's own overloadable server, where the overload phase applies. */
  readonly overload: OverloadPoint | undefined;
}

/** Ends a fault: the service as it was. */
export type EndFault = () => Promise<void>;

/** A fault that comes and goes: on for `onMs` at the start of every `periodMs`. */
export interface Pulse {
  readonly onMs: number;
  readonly periodMs: number;
}

export interface PhaseDefinition {
  readonly name: PhaseName;
  readonly description: string;
  /** Whether the phase applies to this client (throttling needs HTTP). */
  readonly appliesTo: (
    workload: Pick<Workload, 'client' | 'speaksHttp' | 'connections'>,
  ) => boolean;
  /** Starts the fault on one side's fault point. */
  readonly start: (point: FaultPoint) => Promise<EndFault>;
  /** The service cannot serve while the fault is on, so bulwark must spare it. */
  readonly outage: boolean;
  /** Set for a fault that comes and goes; otherwise it stays on for the whole fault span. */
  readonly pulse?: Pulse;
  /** Judged by latency and throughput: on for the profile's `loadFaultMs`. */
  readonly load?: true;
}

/** The tail phase's fault: one reply in twenty held back by half a second. */
export const tailFault = { share: 0.05, delayMs: 500, seed: 1 } as const;

const nothing: EndFault = async () => undefined;
const everywhere = () => true;

/** A toxic on the proxy, removed when the phase's fault ends. */
const toxic =
  (make: () => Parameters<FaultProxy['inject']>[0]) =>
  async ({ proxy }: FaultPoint): Promise<EndFault> => {
    const fault = await proxy.inject(make());
    return () => fault.remove();
  };

/** How S3 and HTTP APIs say "slow down": half the requests, with a Retry-After of 1 s. */
function throttleAnswer(client: DrillClient) {
  const retryAfter = { 'retry-after': '1' };
  if (client === 's3') {
    return {
      status: 503,
      headers: { ...retryAfter, 'content-type': 'application/xml' },
      body: s3ErrorBody('SlowDown', 'Please reduce your request rate.'),
    };
  }
  return {
    status: 429,
    headers: { ...retryAfter, 'content-type': 'application/json' },
    body: '{"error":"rate limited"}',
  };
}

/** The drill's phases, in order. */
export const phaseDefinitions: readonly PhaseDefinition[] = [
  {
    name: 'baseline',
    outage: false,
    description: 'no fault: the service as it is',
    appliesTo: everywhere,
    start: async () => nothing,
  },
  {
    name: 'latency',
    outage: false,
    description: 'every reply delayed by 200 ms, give or take 100 ms',
    appliesTo: everywhere,
    start: toxic(() => latency({ latencyMs: 200, jitterMs: 100 })),
  },
  {
    name: 'bandwidth',
    outage: false,
    description: 'replies choked to 8 KB/s per connection',
    appliesTo: everywhere,
    start: toxic(() => bandwidth({ kilobytesPerSecond: 8 })),
  },
  {
    name: 'blackhole',
    outage: true,
    description: 'requests vanish: connections stay open, nothing comes back',
    appliesTo: everywhere,
    start: toxic(() => timeout({ timeoutMs: 0, direction: 'upstream' })),
  },
  {
    name: 'reset',
    outage: true,
    description: 'every connection reset as soon as it sends',
    appliesTo: everywhere,
    start: toxic(() => resetPeer({ timeoutMs: 0, direction: 'upstream' })),
  },
  {
    name: 'down',
    outage: true,
    description: 'the service goes down (connections refused), then comes back',
    appliesTo: everywhere,
    start: async ({ proxy }) => {
      await proxy.down();
      return () => proxy.up();
    },
  },
  {
    name: 'flapping',
    // Judged by what it serves, not by what it spares: between flaps the service works.
    outage: false,
    description: 'connections reset for 300 ms of every second',
    appliesTo: everywhere,
    pulse: { onMs: 300, periodMs: 1_000 },
    start: toxic(() => resetPeer({ timeoutMs: 0, direction: 'upstream' })),
  },
  {
    name: 'throttle',
    outage: false,
    description: 'half the requests answered 429/503 with Retry-After: 1',
    appliesTo: (point) => point.speaksHttp,
    start: async ({ client, gate }) => {
      if (!gate) return nothing;
      gate.fail({ ...throttleAnswer(client), times: Infinity, share: 0.5 });
      return async () => gate.clear();
    },
  },
  {
    name: 'tail',
    outage: false,
    load: true,
    // Redis sends every command down one connection, in order: a reply held back holds up all
    // the replies behind it, and a hedge would wait behind it too. Only a pool can hedge.
    description:
      'one reply in twenty held back by 500 ms, the rest as usual (clients with more than one connection)',
    appliesTo: (workload) => workload.connections > 1,
    start: async ({ tail }) => {
      // The same seed on both sides: each side's relay holds back the same turns of replies.
      tail.slow(tailFault);
      return async () => tail.clear();
    },
  },
  {
    name: 'overload',
    outage: false,
    load: true,
    // A server of the drill's own that slows down as requests pile up, offered twice what it
    // can serve. HTTP only: it speaks plain HTTP, which neither PostgreSQL nor Redis clients
    // can talk to, and an S3 server's overload cannot be dialled to a known capacity.
    description:
      "an HTTP server of the drill's own offered twice its capacity, slowing as requests pile up (HTTP)",
    appliesTo: (workload) => workload.client === 'http',
    start: async ({ overload }) => {
      if (!overload) return nothing;
      const restore = overload.divert();
      return async () => restore();
    },
  },
];
