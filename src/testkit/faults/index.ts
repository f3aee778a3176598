// Network faults over a real Toxiproxy: typed toxics, a per-test fault proxy, and the
// REST client beneath them. `useFaultProxy` (vitest) lives apart, so importing this loads
// no test runner.
export { ToxiproxyClient } from './toxiproxy-client.ts';
export type { CreateProxyOptions, ToxiproxyClientOptions } from './toxiproxy-client.ts';
export type { ToxiproxyProxy } from './toxiproxy-proxy.ts';
export { ToxiproxyError } from './toxiproxy-error.ts';
export { createFaultProxy } from './fault-proxy.ts';
export type { Fault, FaultProxy, FaultProxyOptions } from './fault-proxy.ts';
export { bandwidth, latency, limitData, resetPeer, slicer, slowClose, timeout } from './toxics.ts';
export type { ToxicOptions } from './toxics.ts';
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
} from './toxic.ts';
