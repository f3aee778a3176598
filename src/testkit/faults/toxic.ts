/**
 * The toxics Toxiproxy knows, in its own wire format (`POST /proxies/{name}/toxics`), so a
 * value built here is sent as is. Build them with the functions in `toxics.ts`, which check
 * every option before any I/O.
 */

/**
 * Which way the toxic acts: `downstream` on what the service sends back to the client,
 * `upstream` on what the client sends to the service (Toxiproxy calls this `stream`).
 */
export type ToxicDirection = 'downstream' | 'upstream';

/** What every toxic carries besides its type and attributes. */
export interface ToxicBase {
  /** Unique within the proxy; Toxiproxy defaults it to `<type>_<stream>` when absent. */
  readonly name?: string;
  readonly stream: ToxicDirection;
  /** The share of connections the toxic applies to, from 0 to 1 (chosen per connection). */
  readonly toxicity: number;
}

/** Delays every chunk of data by `latency` ms, plus or minus up to `jitter` ms. */
export interface LatencyToxic extends ToxicBase {
  readonly type: 'latency';
  readonly attributes: { readonly latency: number; readonly jitter: number };
}

/** Limits throughput to `rate` kilobytes (1000 bytes) per second. */
export interface BandwidthToxic extends ToxicBase {
  readonly type: 'bandwidth';
  readonly attributes: { readonly rate: number };
}

/** Drops all data; closes the connection after `timeout` ms, or never when it is 0. */
export interface TimeoutToxic extends ToxicBase {
  readonly type: 'timeout';
  readonly attributes: { readonly timeout: number };
}

/** Resets the connection (TCP RST) after `timeout` ms. */
export interface ResetPeerToxic extends ToxicBase {
  readonly type: 'reset_peer';
  readonly attributes: { readonly timeout: number };
}

/** Cuts data into chunks of about `average_size` bytes, `delay` microseconds apart. */
export interface SlicerToxic extends ToxicBase {
  readonly type: 'slicer';
  readonly attributes: {
    readonly average_size: number;
    readonly size_variation: number;
    readonly delay: number;
  };
}

/** Closes the connection once `bytes` bytes have passed in its direction. */
export interface LimitDataToxic extends ToxicBase {
  readonly type: 'limit_data';
  readonly attributes: { readonly bytes: number };
}

/** Delays the close of the connection by `delay` ms once the other side has closed. */
export interface SlowCloseToxic extends ToxicBase {
  readonly type: 'slow_close';
  readonly attributes: { readonly delay: number };
}

/** Any toxic Toxiproxy knows; `type` tells them apart. */
export type Toxic =
  | LatencyToxic
  | BandwidthToxic
  | TimeoutToxic
  | ResetPeerToxic
  | SlicerToxic
  | LimitDataToxic
  | SlowCloseToxic;

/** The toxic types, as Toxiproxy names them. */
export type ToxicType = Toxic['type'];

/** A toxic as Toxiproxy reports it once added: always named. */
export type AddedToxic = Toxic & { readonly name: string };
