import { describe, expect, it } from 'vitest';
import { renderLoadGoals } from './load-goals-table.ts';
import { sampleResults } from './sample-results.ts';

describe('renderLoadGoals', () => {
  const results = sampleResults({ quick: true });
  const http = results.clients.find((c) => c.client === 'http');
  const redis = results.clients.find((c) => c.client === 'redis');

  it("shows each side's tail and overload figures, bulwark's broken ones marked", () => {
    if (!http) throw new Error('no http');
    const broken = [
      { client: 'http', phase: 'overload', promise: 'keeps_goodput', detail: '' },
    ] as const;
    const html = renderLoadGoals(http, broken);
    expect(html).toContain('data-table="load-goals"');
    expect(html.match(/<tr/g)).toHaveLength(4);
    expect(html).toContain('<td class="num bad">goodput 24.2/s of 25.0/s</td>');
    expect(html).toContain('<td class="num">goodput 6.1/s of 25.0/s</td>');
    expect(html).toContain('reads p99 503 ms');
  });

  it('is empty for a client neither phase applies to', () => {
    if (!redis) throw new Error('no redis');
    expect(renderLoadGoals(redis, [])).toBe('');
  });
});
