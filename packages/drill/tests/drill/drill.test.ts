// `bulwark drill --quick` end to end: the real command, starting its own services, driving
// every client through every fault phase. What it promises is read back from its JSON.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DrillResults } from '../../src/drill/drill-results.ts';
import { drillClients, phaseNames } from '../../src/drill/drill-results.ts';
import { openReport } from '../report/open-report.ts';
import { againstRaw, ownBroken } from './promises.ts';
import { runBulwark, type BulwarkRun } from './run-bulwark.ts';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-drill-'));
const jsonPath = join(dir, 'results.json');
const reportPath = join(dir, 'report.html');
let run: BulwarkRun;
let results: DrillResults;

beforeAll(async () => {
  run = await runBulwark(['drill', '--quick', '--json', jsonPath, '--report', reportPath], {
    // Not a terminal here anyway; --plain is what CI logs get.
    TERM: 'dumb',
  });
  results = JSON.parse(readFileSync(jsonPath, 'utf8')) as DrillResults;
}, 120_000);

describe('bulwark drill --quick', () => {
  it("broke none of bulwark's own promises, and exits 1 exactly when it broke any", () => {
    expect(run.stderr).toBe('');
    expect(ownBroken(results.broken)).toEqual([]);
    expect(results.broken.every((b) => againstRaw.includes(b.promise))).toBe(true);
    expect(run.code).toBe(results.broken.length === 0 ? 0 : 1);
    for (const { client, promise } of results.broken) {
      expect(run.stdout).toMatch(new RegExp(`${client} [a-z]+, ${promise}`));
    }
  });

  it('ran every phase, in about 35 seconds', () => {
    expect(results.phases.map((phase) => phase.name)).toEqual([...phaseNames]);
    expect(results.quick).toBe(true);
    expect(results.durationMs).toBeGreaterThan(15_000);
    expect(results.durationMs).toBeLessThan(50_000);
    const clientsOf = (name: string) =>
      results.phases.find((phase) => phase.name === name)?.clients.toSorted();
    expect(clientsOf('throttle')).toEqual(['http', 's3']);
    expect(clientsOf('tail')).toEqual(['http', 'postgres', 's3']);
    expect(clientsOf('overload')).toEqual(['http']);
  });

  it('drove all four clients, bulwark and raw side by side, with calls in every phase', () => {
    expect(results.clients.map((c) => c.client).toSorted()).toEqual([
      'http',
      'postgres',
      'redis',
      's3',
    ]);
    for (const client of results.clients) {
      expect(client.sides.map((side) => side.side)).toEqual(['bulwark', 'raw']);
      for (const side of client.sides) {
        for (const phase of side.phases) expect(phase.calls).toBeGreaterThan(20);
      }
    }
  });

  it('bulwark had no call hang past its deadline and recovered after every phase', () => {
    for (const client of results.clients) {
      const bulwark = client.sides.find((side) => side.side === 'bulwark');
      for (const phase of bulwark?.phases ?? []) {
        expect({ client: client.client, phase: phase.phase, hung: phase.hung }).toEqual({
          client: client.client,
          phase: phase.phase,
          hung: 0,
        });
        expect(phase.recoveryMs, `${client.client} ${phase.phase}`).not.toBeNull();
      }
    }
  });

  it('the faults were real: bulwark failed fast through them, the raw clients failed or waited', () => {
    for (const client of results.clients) {
      const [bulwark, raw] = client.sides;
      for (const name of ['blackhole', 'down'] as const) {
        const fast = bulwark?.phases.find((p) => p.phase === name);
        expect(fast?.successRate, `${client.client} bulwark ${name}`).toBeLessThan(0.95);
        const waited = raw?.phases.find((p) => p.phase === name);
        // A raw client without timeouts may ride a short fault out, late: then it shows in p99.
        const hurt = (waited?.successRate ?? 1) < 0.95 || (waited?.p99Ms ?? 0) > 500;
        expect(hurt, `${client.client} raw ${name}`).toBe(true);
      }
      const baseline = client.sides[0]?.phases.find((p) => p.phase === 'baseline');
      expect(baseline?.successRate).toBe(1);
    }
  });

  it("bulwark's breaker opened and closed again, and it leaked no socket and lost no write", () => {
    for (const client of results.clients) {
      const bulwark = client.sides.find((side) => side.side === 'bulwark');
      const states = bulwark?.breaker.map((t) => t.to) ?? [];
      expect(states).toContain('open');
      expect(states.at(-1)).toBe('closed');
      expect(bulwark?.audit.leakedSockets).toBe(0);
      expect(bulwark?.audit.lostWrites).toBe(0);
      if (client.client !== 'http') expect(bulwark?.audit.acknowledgedWrites).toBeGreaterThan(50);
    }
  });

  it('prints the scorecard, and names the files it wrote', () => {
    expect(run.stdout).toContain('blackhole');
    expect(run.stdout).toContain(`results: ${jsonPath}`);
    expect(run.stdout).toContain(`report: ${reportPath}`);
    expect(readFileSync(reportPath, 'utf8')).toMatch(/^<!doctype html>/i);
  });
});

describe('the report of that drill, in headless Chromium', () => {
  it('renders every chart of every client from the real results, offline', async () => {
    const facts = await openReport(reportPath, join(dir, 'report.png'));
    expect(facts.networkRequests).toEqual([]);
    expect(facts.errors).toEqual([]);
    for (const kind of ['latency', 'errors', 'load', 'breaker']) {
      expect(facts.chartCounts[kind]).toEqual(
        Object.fromEntries(drillClients.map((client) => [client, 1])),
      );
    }
    for (const chart of facts.charts) {
      expect(chart.width, `${chart.kind} chart of ${chart.client}`).toBeGreaterThan(500);
      expect(chart.height, `${chart.kind} chart of ${chart.client}`).toBeGreaterThan(50);
    }
    if (results.broken.length === 0) expect(facts.text).toContain('Every promise kept');
    else expect(facts.text).toContain(`${results.broken.length} promises broken`);
    for (const client of results.clients) {
      expect(facts.text).toContain(client.target);
      expect(facts.text).toContain(`Scorecard: ${client.client}, per phase`);
    }
  });
});
