// GET of a small JSON body through bulwark/http against raw undici, same server, same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Agent, request } from 'undici';
import { createHttpClient } from '../src/http/index.ts';
import { printRawVersusBulwark, rawVersusBulwark, type RawVersusBulwark } from './measure.ts';

const TOTAL = Number(process.env['BENCH_HTTP_CALLS'] ?? 20_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);

export async function runHttpBench(): Promise<void> {
  const server = spawn(process.execPath, [new URL('./json-server.ts', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const url = `http://127.0.0.1:${line.trim()}`;
    console.log(
      `\nhttp: GET of a small JSON body, ${TOTAL} calls per round, median of ${ROUNDS} rounds\n`,
    );
    const results: RawVersusBulwark[] = [];
    for (const concurrency of [1, 64]) {
      const agent = new Agent({ connections: 64 });
      const raw = async () => {
        const response = await request(`${url}/item`, { dispatcher: agent });
        return response.body.json();
      };
      const client = createHttpClient({ baseUrl: url, service: 'bench', connections: 64 });
      const bulwark = () => client.getJson('/item');
      results.push(await rawVersusBulwark(raw, bulwark, concurrency, TOTAL, ROUNDS));
      await client.close();
      await agent.close();
    }
    printRawVersusBulwark('bulwark/http', 'undici', results);
  } finally {
    server.kill();
  }
}
