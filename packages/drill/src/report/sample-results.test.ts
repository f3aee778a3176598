import { describe, expect, it } from 'vitest';
import { drillClients, phaseNames } from '../drill/drill-results.ts';
import { sampleResults } from './sample-results.ts';

describe('sampleResults', () => {
  it('is the same for the same seed, and differs for another', () => {
    expect(sampleResults({ seed: 3 })).toEqual(sampleResults({ seed: 3 }));
    expect(sampleResults({ seed: 3 })).not.toEqual(sampleResults({ seed: 4 }));
  });

  it('survives a round trip through JSON, as a saved drill does', () => {
    const results = sampleResults({ quick: true });
    expect(JSON.parse(JSON.stringify(results))).toEqual(results);
  });

  it('runs every phase in order, back to back, throttle for HTTP and S3 only', () => {
    const { phases, durationMs } = sampleResults();
    expect(phases.map((p) => p.name)).toEqual([...phaseNames]);
    for (const [index, phase] of phases.entries()) {
      expect(phase.startMs).toBe(index === 0 ? 0 : phases[index - 1]?.endMs);
      expect(phase.startMs <= phase.faultEndMs && phase.faultEndMs <= phase.endMs).toBe(true);
    }
    expect(phases.at(-1)?.endMs).toBe(durationMs);
    expect(phases.find((p) => p.name === 'throttle')?.clients).toEqual(['http', 's3']);
  });

  it('has both sides of every client, with a series slice for every sliceMs', () => {
    const results = sampleResults({ quick: true });
    expect(results.clients.map((c) => c.client)).toEqual([...drillClients]);
    for (const client of results.clients) {
      expect(client.sides.map((s) => s.side)).toEqual(['bulwark', 'raw']);
      for (const side of client.sides) {
        expect(side.series).toHaveLength(results.durationMs / results.sliceMs);
        expect(side.series[1]?.atMs).toBe(results.sliceMs);
        const phases = side.phases.map((p) => p.phase);
        expect(phases.includes('throttle')).toBe(
          client.client === 'http' || client.client === 's3',
        );
      }
    }
  });

  it('tells the story the report draws: raw drivers wait out a blackhole, bulwark fails fast', () => {
    const results = sampleResults({ quick: true });
    const postgres = results.clients.find((c) => c.client === 'postgres');
    const score = (side: string) =>
      postgres?.sides.find((s) => s.side === side)?.phases.find((p) => p.phase === 'blackhole');
    expect(score('raw')?.hung).toBeGreaterThan(0);
    expect(score('raw')?.p50Ms).toBeNull();
    expect(score('raw')?.recoveryMs).toBeNull();
    expect(score('bulwark')?.hung).toBe(0);
    expect(score('bulwark')?.errors['circuit_open']).toBeGreaterThan(0);
    expect(score('bulwark')?.recoveryMs).toBeGreaterThan(0);
    const raw = postgres?.sides.find((s) => s.side === 'raw');
    expect(raw?.series.some((p) => p.p50Ms === null)).toBe(true);
    expect(raw?.breaker).toEqual([]);
  });

  it('keeps every promise unless asked to break one', () => {
    expect(sampleResults().broken).toEqual([]);
    const results = sampleResults({ broken: true });
    expect(results.broken.map((b) => [b.client, b.promise])).toEqual([['s3', 'no_leak']]);
    const s3 = results.clients.find((c) => c.client === 's3');
    expect(s3?.sides.find((s) => s.side === 'bulwark')?.audit.leakedSockets).toBe(1);
  });

  it('includes only the clients asked for', () => {
    expect(sampleResults({ clients: ['redis'] }).clients.map((c) => c.client)).toEqual(['redis']);
  });
});
