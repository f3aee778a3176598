// A real HTTP server that slows down as it fills up, as a service does when offered more than
// it can take. Up to `capacity` requests in flight, each takes `latencyMs`; beyond that, they
// share the server (processor sharing): with n in flight each moves at capacity/n of its
// speed, so every one of them takes about latencyMs·n/capacity. It works at capacity/latency
// requests a second however many are in flight, but offered more than that, the work is
// spread over a growing crowd of half-done requests: each waits longer, and fewer finish.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { InvalidOptionError } from '../../core/error-catalogue.ts';

/** How much the server can take. */
export interface OverloadableUpstreamOptions {
  /** Requests it serves at full speed at once (default 4). */
  readonly capacity?: number;
  /** How long a request takes at full speed, ms (default 80). */
  readonly latencyMs?: number;
}

/** A started {@link startOverloadableUpstream} server. */
export interface OverloadableUpstream extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`; it answers any method and path with 200 and a small JSON body. */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the upstream of a fault proxy in front of it. */
  readonly proxyUpstream: string;
  /** Requests a second it serves at most (capacity / latency), when kept just full. */
  readonly capacityPerSecond: number;
  /** How long a request takes with no more than `capacity` in flight, ms. */
  readonly latencyMs: number;
  /** When each request arrived (`performance.now()`): the attempts that reached it. */
  readonly arrivals: readonly number[];
  /** Requests in flight now. */
  readonly inFlight: number;
  /** The most requests it was ever working on at once. */
  readonly peakInFlight: number;
  /** Requests answered so far. */
  readonly served: number;
  close(): Promise<void>;
}

/** The defaults of {@link OverloadableUpstreamOptions}. */
export const defaultOverload = { capacity: 4, latencyMs: 80 } as const;

interface Job {
  /** Work left, in ms at full speed. */
  left: number;
  readonly response: ServerResponse;
}

const body = JSON.stringify({ items: [{ id: 1, name: 'bulwark' }] });

function checkPositive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new InvalidOptionError(
      `bulwark: option ${name} must be a finite number > 0 (got ${value})`,
    );
  }
  return value;
}

/**
 * Starts an overloadable server on 127.0.0.1 and a free port. A request whose client went away
 * is worked on to its end all the same, as most servers do: an impatient client that gives up
 * and asks again only adds to the load.
 */
export async function startOverloadableUpstream(
  options: OverloadableUpstreamOptions = {},
): Promise<OverloadableUpstream> {
  const capacity = checkPositive('capacity', options.capacity ?? defaultOverload.capacity);
  const latencyMs = checkPositive('latencyMs', options.latencyMs ?? defaultOverload.latencyMs);
  const jobs = new Set<Job>();
  const arrivals: number[] = [];
  const sockets = new Set<Socket>();
  const counts = { served: 0, peak: 0 };
  let lastMs = performance.now();
  let timer: NodeJS.Timeout | undefined;

  const speed = () => Math.min(1, capacity / Math.max(1, jobs.size));
  /** Moves every job on by the time since the last look, at the speed it had meanwhile. */
  const advance = () => {
    const nowMs = performance.now();
    const done = (nowMs - lastMs) * speed();
    lastMs = nowMs;
    for (const job of jobs) job.left -= done;
  };
  /** Answers the jobs that are done, and wakes up when the next one will be. */
  const settle = () => {
    advance();
    for (const job of jobs) {
      // Within a tenth of a ms is done: timers fire whole ms late or early.
      if (job.left > 0.1) continue;
      jobs.delete(job);
      counts.served++;
      if (!job.response.destroyed) {
        job.response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
        });
        job.response.end(body);
      }
    }
    clearTimeout(timer);
    timer = undefined;
    if (jobs.size === 0) return;
    let least = Infinity;
    for (const job of jobs) least = Math.min(least, job.left);
    timer = setTimeout(settle, Math.max(0, least / speed()));
  };

  const server = createServer((request, response) => {
    arrivals.push(performance.now());
    request.resume();
    request.once('end', () => {
      advance();
      jobs.add({ left: latencyMs, response });
      counts.peak = Math.max(counts.peak, jobs.size);
      settle();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      clearTimeout(timer);
      jobs.clear();
      for (const socket of sockets) socket.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    })());
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proxyUpstream: `127.0.0.1:${port}`,
    capacityPerSecond: (capacity / latencyMs) * 1_000,
    latencyMs,
    arrivals,
    get inFlight() {
      return jobs.size;
    },
    get peakInFlight() {
      return counts.peak;
    },
    get served() {
      return counts.served;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
