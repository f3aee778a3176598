// bulwark/testkit: real services on random ports and network faults through a real
// Toxiproxy. Loads no test runner: the vitest glue is `bulwark/testkit/vitest` (useFaultProxy)
// and `bulwark/testkit/global-setup`.
export { startServices } from './start-services.ts';
export type { StartServicesOptions } from './start-services.ts';
export type { RunningServices } from './start-services.ts';
export { startToxiproxy } from './start-toxiproxy.ts';
export type { RunningToxiproxy } from './start-toxiproxy.ts';
export { startRedisCluster } from './start-redis-cluster.ts';
export type { RunningRedisCluster } from './start-redis-cluster.ts';
export { servicesKey } from './services/endpoints.ts';
export type {
  RedisClusterEndpoint,
  RedisNodeAddress,
  RedisTlsEndpoint,
  ServiceEndpoints,
} from './services/endpoints.ts';
export { requireService } from './services/require-service.ts';
export type { OptionalService } from './services/require-service.ts';
export { pinned } from './versions.ts';
export { sweepOrphans } from './process/sweep-orphans.ts';
export { requireProcSockets, socketsSettle, socketsTo } from './process/open-sockets.ts';
export { startHttpFaultGate } from './faults/http-fault-gate.ts';
export { s3ErrorBody } from './faults/s3-error-body.ts';
export type { GateRequest, GateRule, HttpFaultGate } from './faults/http-fault-gate.ts';
export type { SweepReport } from './process/sweep-orphans.ts';
export { ServiceStartError } from './process/service-start-error.ts';
export { uniqueName, workerDatabase, workerId, workerRedisDatabase } from './isolation.ts';
export { startHttpUpstream } from './services/http-upstream.ts';
export { startOverloadableUpstream } from './services/overloadable-upstream.ts';
export type {
  OverloadableUpstream,
  OverloadableUpstreamOptions,
} from './services/overloadable-upstream.ts';
export { startTailRelay } from './faults/tail-relay.ts';
export type { TailOptions, TailRelay } from './faults/tail-relay.ts';
export { eventsOf, recordEvents } from './record-events.ts';
export type { EventRecorder } from './record-events.ts';
export type { HttpUpstream, ReceivedRequest, ScriptedResponse } from './services/http-upstream.ts';

export { ToxiproxyClient } from './faults/toxiproxy-client.ts';
export type { CreateProxyOptions, ToxiproxyClientOptions } from './faults/toxiproxy-client.ts';
export type { ToxiproxyProxy } from './faults/toxiproxy-proxy.ts';
export { ToxiproxyError } from './faults/toxiproxy-error.ts';
export { createFaultProxy } from './faults/fault-proxy.ts';
export type { Fault, FaultProxy, FaultProxyOptions } from './faults/fault-proxy.ts';
export {
  bandwidth,
  latency,
  limitData,
  resetPeer,
  slicer,
  slowClose,
  timeout,
} from './faults/toxics.ts';
export type { ToxicOptions } from './faults/toxics.ts';
export type {
  AddedToxic,
  BandwidthToxic,
  LatencyToxic,
  LimitDataToxic,
  ResetPeerToxic,
  SlicerToxic,
  SlowCloseToxic,
  TimeoutToxic,
  Toxic,
  ToxicBase,
  ToxicDirection,
  ToxicType,
} from './faults/toxic.ts';

// A clock that moves only when told to, for exact tests of time-driven policies.
export { FakeClock } from '../core/fake-clock.ts';
