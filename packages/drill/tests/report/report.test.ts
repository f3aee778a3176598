import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drillClients } from '../../src/drill/drill-results.ts';
import { renderReport } from '../../src/report/render-report.ts';
import { sampleResults } from '../../src/report/sample-results.ts';
import { openReport } from './open-report.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bulwark-report-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `html` to a file and opens it in Chromium. */
async function open(html: string) {
  const htmlPath = join(dir, 'report.html');
  const pngPath = join(dir, 'report.png');
  writeFileSync(htmlPath, html);
  return { facts: await openReport(htmlPath, pngPath), pngPath };
}

describe('the drill report in Chromium', () => {
  it('lays out all four charts of every client, with the scorecard and audit, loading nothing', async () => {
    const { facts, pngPath } = await open(renderReport(sampleResults({ quick: true })));

    expect(facts.networkRequests).toEqual([]);
    expect(facts.errors).toEqual([]);
    expect(facts.title).toBe('bulwark drill report · 2026-11-24T09:30:00.000Z');
    for (const kind of ['latency', 'errors', 'load', 'breaker']) {
      expect(facts.chartCounts[kind]).toEqual(
        Object.fromEntries(drillClients.map((client) => [client, 1])),
      );
    }
    for (const chart of facts.charts) {
      expect(chart.width, `${chart.kind} chart of ${chart.client}`).toBeGreaterThan(1000);
      expect(chart.height, `${chart.kind} chart of ${chart.client}`).toBeGreaterThan(50);
      expect(chart.label).toMatch(new RegExp(`^${chart.client}: `));
    }

    expect(facts.text).toContain('Every promise kept');
    for (const client of drillClients) {
      expect(facts.text).toContain(`Scorecard: ${client}, per phase`);
      expect(facts.text).toContain(`Audit: ${client}, after close`);
    }
    for (const heading of ['success', 'attempts / call', 'breaker transitions', 'recovery']) {
      expect(facts.text).toContain(heading);
    }
    expect(facts.text).toContain('lost writes / acknowledged');
    expect(facts.text).toContain('circuit_open');
    expect(facts.text).toContain('no breaker');

    // A PNG of the whole page at 1280 px: written, and not a blank sliver.
    const png = readFileSync(pngPath);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(3000);
  });

  it('shows each broken promise in the verdict', async () => {
    const { facts } = await open(renderReport(sampleResults({ quick: true, broken: true })));
    expect(facts.networkRequests).toEqual([]);
    expect(facts.text).toContain('1 promise broken');
    expect(facts.text).toContain(
      's3: no socket leaks (1 socket to 127.0.0.1:9000 still open after close())',
    );
    expect(facts.text).toContain('1 broken');
  });

  it('catches a page that reaches for the network (the check above can fail)', async () => {
    const { facts } = await open(
      '<!doctype html><title>leaky</title><img src="http://203.0.113.1/pixel.png"><p>hi</p>',
    );
    expect(facts.networkRequests).toEqual(['http://203.0.113.1/pixel.png']);
    expect(facts.title).toBe('leaky');
  });

  it('catches a load even when the page policy refuses it (the report has such a policy)', async () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`;
    const { facts } = await open(
      `<!doctype html>${csp}<title>refused</title><img src="http://203.0.113.1/pixel.png">`,
    );
    // Chromium may count it as a request or refuse it with a console error; either way it shows.
    expect([...facts.networkRequests, ...facts.errors].join('\n')).toContain('203.0.113.1');
  });
});
