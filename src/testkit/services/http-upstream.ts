import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { InvalidOptionError } from '../../core/error-catalogue.ts';

/** One scripted answer of the {@link HttpUpstream}. */
export interface ScriptedResponse {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string or bytes as is; anything else as JSON. Default: empty. */
  readonly body?: unknown;
  /** Wait this long before answering. */
  readonly delayMs?: number;
  /** Send the headers and only this many bytes of the body, then cut the connection. */
  readonly truncateAfterBytes?: number;
  /** Cut the connection without answering (the client sees a reset or a hang-up). */
  readonly reset?: boolean;
  /** Never answer (until the client gives up or the upstream closes). */
  readonly hang?: boolean;
}

/** A request the upstream received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived (`performance.now()`), to measure the delay between retries. */
  readonly at: number;
}

/** A real HTTP server on a random port whose answers a test scripts, and which counts requests. */
export interface HttpUpstream extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the upstream of a fault proxy in front of it. */
  readonly proxyUpstream: string;
  /** Answers for `"GET /path"`, used in turn; the last one repeats. */
  script(route: string, ...responses: ScriptedResponse[]): void;
  /** The requests received, for one route (`"GET /path"`) or all. */
  requests(route?: string): readonly ReceivedRequest[];
  /** Connections open right now (to check that clients return their sockets). */
  readonly openConnections: number;
  /**
   * Requests it is answering right now: one the client gave up on (its connection closed)
   * counts no more, although its scripted answer was never sent.
   */
  readonly inFlight: number;
  /** The most requests it was ever answering at once. */
  readonly peakConcurrency: number;
  close(): Promise<void>;
}

const unscripted: ScriptedResponse = { status: 404, body: { error: 'no script for this route' } };

/** Starts a scriptable HTTP upstream on 127.0.0.1 and a free port. */
export async function startHttpUpstream(): Promise<HttpUpstream> {
  const scripts = new Map<string, ScriptedResponse[]>();
  const received: Array<ReceivedRequest & { route: string }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    void handle(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let inFlight = 0;
  let peakConcurrency = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = performance.now();
    peakConcurrency = Math.max(peakConcurrency, ++inFlight);
    response.once('close', () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const route = `${request.method ?? 'GET'} ${path}`;
    received.push({
      route,
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
      at,
    });
    const queue = scripts.get(route);
    const scripted = (queue && queue.length > 1 ? queue.shift() : queue?.[0]) ?? unscripted;
    if (scripted.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
    if (scripted.hang) return;
    if (scripted.reset) {
      request.socket.destroy();
      return;
    }
    const body = encode(scripted.body);
    const headers: Record<string, string> = {
      'content-length': String(body.length),
      ...scripted.headers,
    };
    if (
      !Buffer.isBuffer(scripted.body) &&
      typeof scripted.body === 'object' &&
      scripted.body !== null
    ) {
      headers['content-type'] ??= 'application/json';
    }
    response.writeHead(scripted.status ?? 200, headers);
    if (scripted.truncateAfterBytes !== undefined) {
      response.write(body.subarray(0, scripted.truncateAfterBytes), () => request.socket.destroy());
      return;
    }
    response.end(body);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    // Wait for every socket to be closed, so `openConnections` reads 0 once this resolves.
    await Promise.all(
      [...sockets].map((socket) => {
        const closed = once(socket, 'close');
        socket.destroy();
        return closed;
      }),
    );
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    proxyUpstream: `127.0.0.1:${port}`,
    script(route, ...responses) {
      if (responses.length === 0)
        throw new InvalidOptionError(
          `bulwark: script(${JSON.stringify(route)}) needs at least one response`,
        );
      scripts.set(route, [...responses]);
    },
    requests: (route) => received.filter((r) => route === undefined || r.route === route),
    get openConnections() {
      return sockets.size;
    },
    get inFlight() {
      return inFlight;
    },
    get peakConcurrency() {
      return peakConcurrency;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function encode(body: unknown): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}
