/**
 * Typed builders for every toxic Toxiproxy has. Each checks its options eagerly and throws a
 * TypeError that names the bad option, so a typo fails the test at the line that made it,
 * not as an HTTP 400 (or, worse, as a toxic Toxiproxy accepts and misapplies: it takes a
 * negative timeout or a toxicity of 2 without complaint).
 */
import { checkInteger, checkKeys, checkName, checkOneOf, checkRange } from '../../core/validate.ts';
import type {
  BandwidthToxic,
  LatencyToxic,
  LimitDataToxic,
  ResetPeerToxic,
  SlicerToxic,
  SlowCloseToxic,
  TimeoutToxic,
  ToxicBase,
  ToxicDirection,
} from './toxic.ts';

/** Options every builder accepts. */
export interface ToxicOptions {
  /** Default `downstream`: what the service sends back. */
  readonly direction?: ToxicDirection;
  /** Share of connections affected, from 0 to 1; default 1 (all of them). */
  readonly toxicity?: number;
  /** Default: a name unique within the proxy, chosen when the toxic is injected. */
  readonly name?: string;
}

const commonKeys = ['direction', 'toxicity', 'name'] as const;
const directions: readonly ToxicDirection[] = ['downstream', 'upstream'];

function base(builder: string, options: ToxicOptions, keys: readonly string[]): ToxicBase {
  checkKeys(builder, options, [...commonKeys, ...keys]);
  const stream = checkOneOf('direction', options.direction ?? 'downstream', directions);
  const toxicity = checkRange('toxicity', options.toxicity ?? 1, 0, 1);
  if (options.name === undefined) return { stream, toxicity };
  return { name: checkName('name', options.name), stream, toxicity };
}

/** Delays data by `latencyMs`, plus or minus up to `jitterMs` (default 0), per chunk. */
export function latency(
  options: ToxicOptions & { readonly latencyMs: number; readonly jitterMs?: number },
): LatencyToxic {
  const common = base('latency', options, ['latencyMs', 'jitterMs']);
  const latencyMs = checkInteger('latencyMs', options.latencyMs, 0);
  const jitter = checkInteger('jitterMs', options.jitterMs ?? 0, 0);
  return { ...common, type: 'latency', attributes: { latency: latencyMs, jitter } };
}

/**
 * Limits throughput to `kilobytesPerSecond` (1 KB = 1000 bytes). At least 1: Toxiproxy
 * treats a rate of 0 as no limit at all, which no test means.
 */
export function bandwidth(
  options: ToxicOptions & { readonly kilobytesPerSecond: number },
): BandwidthToxic {
  const common = base('bandwidth', options, ['kilobytesPerSecond']);
  const rate = checkInteger('kilobytesPerSecond', options.kilobytesPerSecond, 1);
  return { ...common, type: 'bandwidth', attributes: { rate } };
}

/**
 * Stops all data (it is dropped, not delayed) and closes the connection after `timeoutMs`;
 * with 0, the connection stays open and silent until the toxic is removed. Removal closes
 * (FIN) the connections it held, and the swallowed data never arrives: only new
 * connections behave normally again.
 */
export function timeout(options: ToxicOptions & { readonly timeoutMs: number }): TimeoutToxic {
  const common = base('timeout', options, ['timeoutMs']);
  const timeoutMs = checkInteger('timeoutMs', options.timeoutMs, 0);
  return { ...common, type: 'timeout', attributes: { timeout: timeoutMs } };
}

/**
 * Resets the connection `timeoutMs` (default 0) after the first data in its direction: the
 * client sees ECONNRESET. Only connections opened after the toxic was added are reset
 * (Toxiproxy sets SO_LINGER 0 when a connection starts). A connection already open is closed
 * in an orderly way (FIN) with the default downstream direction, but with `direction:
 * 'upstream'` it was seen to stay up: to cut open connections for sure, use `proxy.down()`.
 */
export function resetPeer(
  options: ToxicOptions & { readonly timeoutMs?: number } = {},
): ResetPeerToxic {
  const common = base('resetPeer', options, ['timeoutMs']);
  const timeoutMs = checkInteger('timeoutMs', options.timeoutMs ?? 0, 0);
  return { ...common, type: 'reset_peer', attributes: { timeout: timeoutMs } };
}

/**
 * Cuts data into chunks of about `averageSize` bytes (give or take `sizeVariation`, which
 * must stay below it), sent `delayMicros` microseconds apart.
 */
export function slicer(
  options: ToxicOptions & {
    readonly averageSize: number;
    readonly sizeVariation?: number;
    readonly delayMicros?: number;
  },
): SlicerToxic {
  const common = base('slicer', options, ['averageSize', 'sizeVariation', 'delayMicros']);
  const averageSize = checkInteger('averageSize', options.averageSize, 1);
  const variation = checkInteger('sizeVariation', options.sizeVariation ?? 0, 0, averageSize - 1);
  const delay = checkInteger('delayMicros', options.delayMicros ?? 0, 0);
  return {
    ...common,
    type: 'slicer',
    attributes: { average_size: averageSize, size_variation: variation, delay },
  };
}

/** Closes the connection once `bytes` bytes have passed (counted from injection, per connection). */
export function limitData(options: ToxicOptions & { readonly bytes: number }): LimitDataToxic {
  const common = base('limitData', options, ['bytes']);
  const bytes = checkInteger('bytes', options.bytes, 0);
  return { ...common, type: 'limit_data', attributes: { bytes } };
}

/** Delays closing the connection by `delayMs` after the other side closed it. */
export function slowClose(options: ToxicOptions & { readonly delayMs: number }): SlowCloseToxic {
  const common = base('slowClose', options, ['delayMs']);
  const delay = checkInteger('delayMs', options.delayMs, 0);
  return { ...common, type: 'slow_close', attributes: { delay } };
}
