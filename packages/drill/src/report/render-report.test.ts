import { describe, expect, it } from 'vitest';
import { drillClients } from '../drill/drill-results.ts';
import type { ClientResults, DrillResults, SideResults } from '../drill/drill-results.ts';
import { renderReport, timelineEnd } from './render-report.ts';
import { sampleResults } from './sample-results.ts';

const quick = sampleResults({ quick: true });

/** The `<svg>` of one chart, found the way the browser test finds it. */
function chart(html: string, kind: string, client: string): string {
  const open = html.indexOf(`data-chart="${kind}" data-client="${client}"`);
  expect(open, `${kind} chart of ${client}`).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf('<svg', open), html.indexOf('</svg>', open));
}

/** `results` with one client's side replaced. */
function withSide(results: DrillResults, client: string, side: SideResults): DrillResults {
  const clients = results.clients.map((c): ClientResults =>
    c.client === client
      ? { ...c, sides: c.sides.map((s) => (s.side === side.side ? side : s)) }
      : c,
  );
  return { ...results, clients };
}

function sideOf(results: DrillResults, client: string, side: string): SideResults {
  const found = results.clients
    .find((c) => c.client === client)
    ?.sides.find((s) => s.side === side);
  if (found === undefined) throw new Error(`no ${client} ${side}`);
  return found;
}

describe('renderReport', () => {
  it('is one HTML document with its style inline and no script', () => {
    const html = renderReport(quick);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script|<link|<iframe|<img/i);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('refers to nothing outside itself', () => {
    const html = renderReport(quick);
    // Every link is a fragment, and nothing has a source.
    for (const [, value] of html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)) expect(value).toMatch(/^#/);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?(?!#)/i);
    // The only addresses on the page are the drilled targets, shown as text.
    let text = html;
    for (const client of quick.clients) text = text.split(client.target).join('');
    expect(text).not.toMatch(/https?:\/\//i);
    // And the browser is told to load nothing, should anything slip in.
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
  });

  it('draws latency, error rate, load and breaker charts for each client, labelled for people', () => {
    const html = renderReport(quick);
    for (const client of drillClients) {
      for (const kind of ['latency', 'errors', 'load', 'breaker']) {
        const svg = chart(html, kind, client);
        expect(svg).toContain('role="img"');
        expect(svg).toMatch(new RegExp(`aria-label="${client}: [^"]+"`));
      }
    }
    expect(html.match(/<svg /g)).toHaveLength(drillClients.length * 4);
    expect(html.match(/<figcaption>/g)).toHaveLength(drillClients.length * 4);
  });

  it('draws bulwark and raw on the same charts, p50 and p99 each', () => {
    const latency = chart(renderReport(quick), 'latency', 'redis');
    for (const line of ['bulwark-p50', 'bulwark-p99', 'raw-p50', 'raw-p99']) {
      expect(latency).toContain(`data-line="${line}"`);
    }
    const errors = chart(renderReport(quick), 'errors', 'redis');
    expect(errors).toContain('data-line="bulwark-errors"');
    expect(errors).toContain('data-line="raw-errors"');
  });

  it('leaves a gap in a line where a slice has no value', () => {
    const raw = sideOf(quick, 'http', 'raw');
    const series = raw.series.map((point, index) =>
      index >= 10 && index < 20
        ? { ...point, calls: 0, errors: 0, p50Ms: null, p99Ms: null }
        : point,
    );
    const html = renderReport(withSide(quick, 'http', { ...raw, series }));
    const path = (svg: string, line: string) =>
      new RegExp(`data-line="${line}" d="([^"]*)"`).exec(svg)?.[1] ?? '';
    // One move at the start, one after the gap: two segments, and no drop to zero between.
    expect(path(chart(html, 'latency', 'http'), 'raw-p50').match(/M/g)).toHaveLength(2);
    expect(path(chart(html, 'errors', 'http'), 'raw-errors').match(/M/g)).toHaveLength(2);
    expect(path(chart(html, 'latency', 'http'), 'bulwark-p50').match(/M/g)).toHaveLength(1);
  });

  it('builds the breaker bands from the transitions, closed first', () => {
    const bulwark = sideOf(quick, 'postgres', 'bulwark');
    const breaker = [
      { atMs: 20_000, from: 'closed', to: 'open', reason: '5 consecutive failures' },
      { atMs: 22_000, from: 'open', to: 'half_open', reason: 'open for 2000 ms' },
      { atMs: 22_500, from: 'half_open', to: 'closed', reason: 'probe succeeded' },
    ];
    const svg = chart(
      renderReport(withSide(quick, 'postgres', { ...bulwark, breaker })),
      'breaker',
      'postgres',
    );
    expect([...svg.matchAll(/data-state="(\w+)"/g)].map((m) => m[1])).toEqual([
      'closed',
      'open',
      'half_open',
      'closed',
    ]);
    expect(svg).toContain('open from 20 s to 22 s: 5 consecutive failures');
    // The raw client has no breaker, and says so.
    expect(svg).toContain('no breaker');
  });

  it('escapes every string that comes from the results', () => {
    const hostile = '<script>alert("x")</script>';
    const bulwark = sideOf(quick, 's3', 'bulwark');
    const changed = withSide(quick, 's3', {
      ...bulwark,
      breaker: [
        { atMs: 1000, from: 'closed', to: 'open', reason: `"><img src=x onerror=alert(1)>` },
      ],
      phases: bulwark.phases.map((p) => ({ ...p, errors: { [`<b>kind</b>`]: 3 } })),
    });
    const results: DrillResults = {
      ...changed,
      clients: changed.clients.map((c) =>
        c.client === 's3' ? { ...c, target: `http://h/${hostile}` } : c,
      ),
      broken: [{ client: 's3', phase: 'down', promise: 'recovers', detail: `a & b ${hostile}` }],
    };
    const html = renderReport(results, { note: hostile });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>kind');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('a &amp; b');
  });

  it('states the verdict: promises kept, or each one broken', () => {
    expect(renderReport(quick)).toContain('Every promise kept');
    const html = renderReport(sampleResults({ quick: true, broken: true }));
    expect(html).toContain('1 promise broken');
    expect(html).toContain('no socket leaks');
    expect(html).toContain('(1 socket to 127.0.0.1:9000 still open after close())');
  });

  it('has a scorecard and an audit per client', () => {
    const html = renderReport(quick);
    for (const client of drillClients) {
      expect(html).toContain(`data-table="scorecard" data-client="${client}"`);
      expect(html).toContain(`data-table="audit" data-client="${client}"`);
    }
  });
});

describe('timelineEnd', () => {
  it('is the duration, or later when a phase or a slice runs past it', () => {
    expect(timelineEnd(quick)).toBe(quick.durationMs);
    expect(timelineEnd({ ...quick, durationMs: 1000 })).toBe(quick.phases.at(-1)?.endMs);
  });
});

describe('renderReport with little to show', () => {
  it('renders a drill with no phases and no series without failing', () => {
    const empty: DrillResults = {
      ...quick,
      durationMs: 0,
      phases: [],
      clients: quick.clients.map((c) => ({
        ...c,
        sides: c.sides.map((s) => ({ ...s, series: [], phases: [], breaker: [] })),
      })),
    };
    const html = renderReport(empty);
    expect(html.match(/<svg /g)).toHaveLength(drillClients.length * 4);
    expect(html).not.toContain('NaN');
  });

  it('renders a drill of one client', () => {
    const html = renderReport(sampleResults({ quick: true, clients: ['http'] }));
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toContain('NaN');
  });
});
