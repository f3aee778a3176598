import { describe, expect, it } from 'vitest';
import { defaultProfile, quickProfile } from './drill-profile.ts';
import {
  measureUnloadedP99,
  overloadCapacity,
  overloadLatencyMs,
  startOverloadServer,
} from './overload-servers.ts';

describe('overload servers', () => {
  it("serve half of the drill's pace of calls, so the drill offers twice their capacity", async () => {
    for (const profile of [defaultProfile, quickProfile]) {
      const capacityPerS = (overloadCapacity / overloadLatencyMs(profile)) * 1_000;
      expect(capacityPerS * 2).toBe(1_000 / profile.callIntervalMs);
    }
    const server = await startOverloadServer({ ...quickProfile, callIntervalMs: 5 });
    await server.close();
    expect(server.capacityPerSecond).toBe(100);
  });

  it("measure a side's p99 through its own client, as many reads at once as they take", async () => {
    let inFlight = 0;
    let peak = 0;
    let reads = 0;
    const client = {
      write: () => Promise.resolve(),
      close: () => Promise.resolve(),
      read: async () => {
        reads++;
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, reads === 30 ? 60 : 10));
        inFlight--;
      },
    };
    const p99 = await measureUnloadedP99(client);
    expect(peak).toBe(overloadCapacity);
    expect(reads).toBe(44);
    expect(p99).toBeGreaterThanOrEqual(59);
    expect(p99).toBeLessThan(120);
  });
});
