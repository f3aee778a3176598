// GET of a small JSON body through bulwark/http against raw undici, same server, same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Agent, request, type Dispatcher } from 'undici';
import { createHttpClient } from '../src/http/index.ts';
import { printRawVersusBulwark, rawVersusBulwark, type RawVersusBulwark } from './measure.ts';

const SCALE = Number(process.env['BENCH_HTTP_SCALE'] ?? 1);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 9);
/** Calls per round at each concurrency: rounds of a few hundred milliseconds to a second. */
const CALLS: ReadonlyMap<number, number> = new Map([
  [1, 1_500 * SCALE],
  [64, 10_000 * SCALE],
]);

/**
 * The peer: undici's `dispatch` with the least handler that gathers a body, as bulwark's
 * buffered requests do, but without the pipeline. Against it, what undici's `request()` costs
 * over `dispatch` is set aside and what remains is the price of bulwark's policies.
 */
class GatherJson implements Dispatcher.DispatchHandler {
  readonly #chunks: Buffer[] = [];
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (reason: unknown) => void;

  constructor(resolve: (value: unknown) => void, reject: (reason: unknown) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onRequestStart(): void {}

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.#resolve(JSON.parse(Buffer.concat(this.#chunks).toString('utf8')));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#reject(error);
  }
}

export async function runHttpBench(): Promise<void> {
  const server = spawn(process.execPath, [new URL('./json-server.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const url = `http://127.0.0.1:${line.trim()}`;
    const sizes = [...CALLS].map(([c, calls]) => `${calls} at concurrency ${c}`).join(', ');
    console.log(`\nhttp: GET of a small JSON body, ${sizes} per round, ${ROUNDS} rounds\n`);
    const results: RawVersusBulwark[] = [];
    const peer: RawVersusBulwark[] = [];
    for (const [concurrency, calls] of CALLS) {
      const agent = new Agent({ connections: 64 });
      const raw = async () => {
        const response = await request(`${url}/item`, { dispatcher: agent });
        return response.body.json();
      };
      const gather = () =>
        new Promise((resolve, reject) => {
          const options = { origin: url, path: '/item', method: 'GET' } as const;
          agent.dispatch(options, new GatherJson(resolve, reject));
        });
      const client = createHttpClient({ baseUrl: url, service: 'bench', connections: 64 });
      const bulwark = () => client.getJson('/item');
      results.push(await rawVersusBulwark(raw, bulwark, concurrency, calls, ROUNDS));
      peer.push(await rawVersusBulwark(gather, bulwark, concurrency, calls, ROUNDS));
      await client.close();
      await agent.close();
    }
    printRawVersusBulwark('bulwark/http', 'undici', results);
    console.log("\nthe same against undici's dispatch with a handler that gathers the body:\n");
    printRawVersusBulwark('bulwark/http', 'undici dispatch', peer, null);
  } finally {
    server.kill();
  }
}
