// An HTTP gate in front of a fault proxy: it forwards every request as is (signatures hold,
// since the Host header is kept) and, when told to, answers some itself, as a server does when
// it throttles or fails. Toxiproxy works on TCP and cannot make a 429 or a 503; this can.
// It also counts the requests that pass it: the attempts that reached the service.
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One request the gate saw, and what became of it. */
export interface GateRequest {
  readonly method: string;
  readonly url: string;
  /** performance.now() when it arrived. */
  readonly at: number;
  /** The status the gate answered itself, or `forwarded`. */
  readonly outcome: number | 'forwarded';
}

/** Answers of the gate's own, for the requests a rule matches. */
export interface GateRule {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** How many matching requests it answers (default 1; Infinity until `clear()`); then it lapses. */
  readonly times?: number;
  /** Answer only this share of the matching requests, spread evenly (default 1: all). */
  readonly share?: number;
  /** Which requests (default: all). */
  readonly when?: (method: string, url: string) => boolean;
}

export interface HttpFaultGate extends AsyncDisposable {
  /** `http://127.0.0.1:port`: the client's endpoint. */
  readonly endpoint: string;
  readonly port: number;
  readonly requests: readonly GateRequest[];
  /** Answers matching requests itself instead of forwarding them. */
  fail(rule: GateRule): void;
  /** Drops every rule: all requests are forwarded again. */
  clear(): void;
  close(): Promise<void>;
}

interface ActiveRule extends GateRule {
  left: number;
  /** Matching requests seen, to answer `share` of them evenly. */
  seen: number;
}

/** Whether `rule` takes this matching request, counting it. */
function takes(rule: ActiveRule): boolean {
  const share = rule.share ?? 1;
  rule.seen++;
  // The first matching request is taken, then one whenever the taken count falls behind the share.
  return Math.ceil(rule.seen * share) > Math.ceil((rule.seen - 1) * share);
}

/** Starts a gate on a free port of 127.0.0.1 that forwards to `upstream` (`host:port`). */
export async function startHttpFaultGate(upstream: string): Promise<HttpFaultGate> {
  const separator = upstream.lastIndexOf(':');
  const host = upstream.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(upstream.slice(separator + 1));
  const agent = new Agent({ keepAlive: true });
  const requests: GateRequest[] = [];
  let rules: ActiveRule[] = [];

  const answer = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? 'GET';
    const url = incoming.url ?? '/';
    const at = performance.now();
    const rule = rules.find((r) => r.left > 0 && (r.when?.(method, url) ?? true));
    if (rule && takes(rule)) {
      rule.left--;
      requests.push({ method, url, at, outcome: rule.status });
      // Read the body first, as servers do: answering mid-upload would reset the client instead.
      incoming.resume();
      incoming.on('end', () => {
        outgoing.writeHead(rule.status, rule.headers);
        outgoing.end(rule.body ?? '');
      });
      return;
    }
    requests.push({ method, url, at, outcome: 'forwarded' });
    const forward = request(
      { host, port, method, path: url, headers: incoming.headers, agent },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
        response.on('error', () => outgoing.destroy());
      },
    );
    // A broken upstream connection breaks the client's too, as a proxy in between would.
    forward.on('error', () => outgoing.destroy());
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) forward.destroy();
    });
    incoming.pipe(forward);
  };

  const server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gatePort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      agent.destroy();
    }));
  return {
    endpoint: `http://127.0.0.1:${gatePort}`,
    port: gatePort,
    requests,
    fail(rule) {
      rules.push({ ...rule, left: rule.times ?? 1, seen: 0 });
    },
    clear() {
      rules = [];
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
