// The quick start: a real HTTP upstream on 127.0.0.1 that fails, recovers, then dies, called
// through a bulwark pipeline. Run it with `npm start`.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { attachLogger, createPipeline, isUpstreamError, type Attempt } from '../src/index.ts';

/** A flaky upstream: the first `failures` requests get a 503, the rest a JSON greeting. */
async function startUpstream(
  failures: number,
): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    if (requests <= failures) {
      response.writeHead(503, { 'retry-after': '0' }).end('busy');
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ hello: 'world' }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/greeting`, requests: () => requests };
}

/** One attempt at the real call: the attempt's signal aborts the request on timeout. */
async function getGreeting(url: string, { signal }: Attempt): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) {
    await response.body?.cancel();
    throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
  }
  return response.json();
}

/** Runs the demo and returns what happened, for the test beside it. */
export async function quickStart(
  log = pino({ level: 'info' }),
): Promise<{ results: string[]; requests: number }> {
  const upstream = await startUpstream(2);
  const pipeline = createPipeline({
    service: 'greeting-api',
    retry: { maxAttempts: 4, backoff: { initialDelayMs: 50 } },
    breaker: { consecutiveFailures: 5, openDurationMs: 5_000 },
    timeout: { attemptMs: 1_000, totalMs: 5_000 },
  });
  using _logs = attachLogger(pipeline.events, log);
  const results: string[] = [];
  const call = () =>
    pipeline.execute((attempt) => getGreeting(upstream.url, attempt), {
      operation: 'getGreeting',
      idempotent: true,
    });

  // 1. Two 503s, then success: the caller sees only the answer.
  results.push(`answer: ${JSON.stringify(await call())}`);

  // 2. The upstream dies: connection refused, retried four times; during the next call the
  //    breaker opens, and from then on calls fail at once without touching the network.
  upstream.server.close();
  await once(upstream.server, 'close');
  for (let i = 0; i < 3; i++) {
    try {
      await call();
    } catch (error) {
      results.push(isUpstreamError(error) ? `${error.name}: ${error.message}` : String(error));
    }
  }
  return { results, requests: upstream.requests() };
}

if (import.meta.main) {
  // Structured logs go to stderr, synchronously, so they interleave with the story in order.
  const { results, requests } = await quickStart(
    pino({ level: 'info' }, pino.destination({ dest: 2, sync: true })),
  );
  console.log('\nWhat the caller saw:');
  for (const line of results) console.log(`  ${line}`);
  console.log(`Requests that reached the upstream: ${requests}`);
}
