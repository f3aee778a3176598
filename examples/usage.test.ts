import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../src/index.ts';
import { getInvoice } from './usage.ts';

// The README's usage example is this file, word for word (but for the import path), so the
// type-check compiles it and this test runs it.
describe("the README's usage example", () => {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (
      request.url === '/invoices/42' &&
      requests.filter((u) => u === '/invoices/42').length === 1
    ) {
      response.writeHead(503).end();
    } else if (request.url === '/invoices/42') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":42,"total":1999}');
    } else {
      response.writeHead(404).end();
    }
  });
  let baseUrl = '';

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('is the code in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const source = readFileSync(new URL('./usage.ts', import.meta.url), 'utf8');
    expect(block).toBe(source.replace("from '../src/index.ts'", "from 'bulwark'"));
  });

  it('retries a 503 and returns the invoice; does not retry a 404', async () => {
    await expect(getInvoice(baseUrl, '42')).resolves.toEqual({ id: 42, total: 1999 });
    expect(requests).toEqual(['/invoices/42', '/invoices/42']);
    const error = await getInvoice(baseUrl, '7').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ kind: 'not_found', attempts: 1 });
    expect(requests.filter((u) => u === '/invoices/7')).toHaveLength(1);
  });
});
