import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../../../src/index.ts';
import { setup } from './http-suite.ts';

describe('3. retry exhaustion', () => {
  it('gives up after the last attempt with a meaningful UpstreamError', async () => {
    const { upstream, client } = await setup();
    upstream.script('GET /broken', { status: 500, body: 'database on fire' });
    const error = await client.get('/broken').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ attempts: 3, kind: 'server', status: 500 });
    expect((error as Error).message).toMatch(
      /^api\.GET \/broken failed after 3 attempts: HTTP 500 from GET http:\/\/127\.0\.0\.1:\d+\/broken: database on fire$/,
    );
    expect(upstream.requests('GET /broken')).toHaveLength(3);
  });
});
