// An HTTP gate in front of the fault proxy: it forwards every request as is (signatures hold,
// since the Host header is kept) and, when told to, answers some itself with an S3 error, as
// S3 does when it throttles or fails. Toxiproxy works on TCP and cannot make a 5xx; this can.
// It also counts the requests that pass it: what "reached S3" means in these tests.
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
  /** The S3 error code in the XML body. */
  readonly code: string;
  /** How many matching requests it answers (default 1); then it lapses. */
  readonly times?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Which requests (default: all). */
  readonly when?: (method: string, url: string) => boolean;
}

export interface S3FaultGate {
  /** `http://127.0.0.1:port`: the client's endpoint. */
  readonly endpoint: string;
  readonly requests: readonly GateRequest[];
  /** Answers matching requests with an S3 error instead of forwarding them. */
  fail(rule: GateRule): void;
  close(): Promise<void>;
}

const errorBody = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
  `<Message>injected by the test gate</Message><RequestId>gate</RequestId></Error>`;

/** Starts a gate on a free port that forwards to `upstream` (`host:port`, the fault proxy). */
export async function startS3FaultGate(upstream: string): Promise<S3FaultGate> {
  const separator = upstream.lastIndexOf(':');
  const host = upstream.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(upstream.slice(separator + 1));
  const agent = new Agent({ keepAlive: true });
  const requests: GateRequest[] = [];
  const rules: Array<GateRule & { left: number }> = [];

  const answer = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const method = incoming.method ?? 'GET';
    const url = incoming.url ?? '/';
    const at = performance.now();
    const rule = rules.find((r) => r.left > 0 && (r.when?.(method, url) ?? true));
    if (rule) {
      rule.left--;
      requests.push({ method, url, at, outcome: rule.status });
      // Read the body first, as S3 does: answering mid-upload would reset the client instead.
      incoming.resume();
      incoming.on('end', () => {
        outgoing.writeHead(rule.status, { 'content-type': 'application/xml', ...rule.headers });
        outgoing.end(errorBody(rule.code));
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
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    fail(rule) {
      rules.push({ ...rule, left: rule.times ?? 1 });
    },
    async close() {
      server.closeAllConnections();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
