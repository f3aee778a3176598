import { describe, expect, it } from 'vitest';
import { defaultProfile, quickProfile } from './drill-profile.ts';
import { overloadCapacity, overloadLatencyMs, startOverloadServer } from './overload-servers.ts';

describe('overload servers', () => {
  it("serve half of the drill's pace of calls, so the drill offers twice their capacity", () => {
    for (const profile of [defaultProfile, quickProfile]) {
      const capacityPerS = (overloadCapacity / overloadLatencyMs(profile)) * 1_000;
      expect(capacityPerS * 2).toBe(1_000 / profile.callIntervalMs);
    }
  });

  it('measure their p99 unloaded, about their latency at full speed', async () => {
    const server = await startOverloadServer({ ...quickProfile, callIntervalMs: 5 });
    try {
      expect(server.upstream.latencyMs).toBe(40);
      expect(server.unloadedP99Ms).toBeGreaterThanOrEqual(39);
      expect(server.unloadedP99Ms).toBeLessThan(80);
    } finally {
      await server.upstream.close();
    }
  });
});
