import { describe, expect, test } from 'vitest';
import { bandwidth, latency, limitData, resetPeer, slicer, slowClose, timeout } from './toxics.ts';

describe('toxic builders', () => {
  test("build Toxiproxy's wire format, downstream and on every connection by default", () => {
    expect(latency({ latencyMs: 200, jitterMs: 50 })).toEqual({
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 200, jitter: 50 },
    });
    expect(bandwidth({ kilobytesPerSecond: 10, direction: 'upstream', toxicity: 0.5 })).toEqual({
      type: 'bandwidth',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { rate: 10 },
    });
    expect(timeout({ timeoutMs: 0, name: 'blackhole' })).toMatchObject({
      name: 'blackhole',
      attributes: { timeout: 0 },
    });
    expect(resetPeer()).toMatchObject({ type: 'reset_peer', attributes: { timeout: 0 } });
    expect(slicer({ averageSize: 100 })).toMatchObject({
      attributes: { average_size: 100, size_variation: 0, delay: 0 },
    });
    expect(limitData({ bytes: 0 })).toMatchObject({ type: 'limit_data', attributes: { bytes: 0 } });
    expect(slowClose({ delayMs: 5 })).toMatchObject({
      type: 'slow_close',
      attributes: { delay: 5 },
    });
  });

  test('leave the name out unless given, so the proxy can choose one', () => {
    expect('name' in latency({ latencyMs: 1 })).toBe(false);
  });

  test.each([
    ['latencyMs', () => latency({ latencyMs: -1 })],
    ['latencyMs', () => latency({ latencyMs: 1.5 })],
    ['jitterMs', () => latency({ latencyMs: 1, jitterMs: Number.NaN })],
    ['kilobytesPerSecond', () => bandwidth({ kilobytesPerSecond: 0 })],
    ['timeoutMs', () => timeout({ timeoutMs: -5 })],
    ['timeoutMs', () => resetPeer({ timeoutMs: Infinity })],
    ['averageSize', () => slicer({ averageSize: 0 })],
    ['sizeVariation', () => slicer({ averageSize: 10, sizeVariation: 10 })],
    ['delayMicros', () => slicer({ averageSize: 10, delayMicros: -1 })],
    ['bytes', () => limitData({ bytes: -1 })],
    ['delayMs', () => slowClose({ delayMs: -1 })],
    ['toxicity', () => latency({ latencyMs: 1, toxicity: 2 })],
    ['direction', () => latency({ latencyMs: 1, direction: 'sideways' as 'upstream' })],
    ['name', () => latency({ latencyMs: 1, name: ' ' })],
    ['latency.latency', () => latency({ latencyMs: 1, latency: 5 } as { latencyMs: number })],
  ])('reject a bad %s with a TypeError naming it', (option, build) => {
    expect(build).toThrow(TypeError);
    expect(build).toThrow(option);
  });
});
