import { afterEach, describe, expect, it } from 'vitest';
import {
  startHttpFaultGate,
  startHttpUpstream,
  type HttpFaultGate,
  type HttpUpstream,
} from '../../../src/testkit/index.ts';

let upstream: HttpUpstream;
let gate: HttpFaultGate;

afterEach(async () => {
  await gate.close();
  await upstream.close();
});

async function setup(): Promise<void> {
  upstream = await startHttpUpstream();
  upstream.script('GET /ok', { body: 'upstream' });
  gate = await startHttpFaultGate(upstream.proxyUpstream);
}

const statuses = async (count: number) => {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${gate.endpoint}/ok`);
    await response.text();
    seen.push(response.status);
  }
  return seen;
};

describe('HTTP fault gate', () => {
  it('forwards every request untouched, and counts it', async () => {
    await setup();
    const response = await fetch(`${gate.endpoint}/ok`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('upstream');
    expect(gate.requests.map((r) => r.outcome)).toEqual(['forwarded']);
    expect(upstream.requests('GET /ok')).toHaveLength(1);
  });

  it('answers a share of the requests itself, evenly, until cleared', async () => {
    await setup();
    gate.fail({
      status: 429,
      headers: { 'retry-after': '1' },
      body: 'slow down',
      times: Infinity,
      share: 0.5,
    });
    expect(await statuses(6)).toEqual([429, 200, 429, 200, 429, 200]);
    expect(upstream.requests('GET /ok')).toHaveLength(3);
    gate.clear();
    expect(await statuses(2)).toEqual([200, 200]);
  });

  it('lapses after `times` answers, with the headers and body given', async () => {
    await setup();
    gate.fail({ status: 503, headers: { 'retry-after': '7' }, body: 'busy' });
    const first = await fetch(`${gate.endpoint}/ok`);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.text()).toBe('busy');
    expect(await statuses(1)).toEqual([200]);
  });
});
