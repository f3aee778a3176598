// A wrapper of our own around the counter server's protocol, built on bulwark's pipeline: each
// call is one connection, one line out, one line back, aborted with its attempt.
import { connect } from 'node:net';
import {
  classifyDefault,
  createPipeline,
  type Attempt,
  type Classification,
  type Pipeline,
  type PipelineOptions,
} from '../../../../src/index.ts';

/** The server answered `ERR ...`: the request itself is wrong, and a retry cannot fix it. */
class LineCounterError extends Error {}

function classify(error: unknown): Classification {
  if (error instanceof LineCounterError) {
    return { kind: 'client', retriable: false, reason: error.message };
  }
  return classifyDefault(error);
}

export interface LineCounterOptions extends Omit<PipelineOptions, 'service' | 'classify'> {
  readonly host: string;
  readonly port: number;
}

export class LineCounterClient {
  readonly #host: string;
  readonly #port: number;
  readonly pipeline: Pipeline;
  #closed = false;

  constructor({ host, port, ...policies }: LineCounterOptions) {
    this.#host = host;
    this.#port = port;
    this.pipeline = createPipeline({
      service: 'line-counter',
      classify,
      // What the spans say of the server, by the OpenTelemetry conventions (for a tracer).
      spans: {
        name: ({ operation }) => `line-counter ${operation.toUpperCase()}`,
        attributes: ({ operation }) => ({
          'rpc.method': operation.toUpperCase(),
          'server.address': host,
          'server.port': port,
          'network.transport': 'tcp',
        }),
      },
      ...policies,
    });
  }

  get events() {
    return this.pipeline.events;
  }

  /** The key's count: a read, retried freely. */
  async get(key: string): Promise<number> {
    const operation = { operation: 'get', idempotent: true };
    return Number(await this.pipeline.execute((a) => this.#send(`GET ${key}`, a), operation));
  }

  /** Adds one: not idempotent, so retried only when the request never left. */
  async incr(key: string): Promise<number> {
    const operation = { operation: 'incr', idempotent: false };
    return Number(await this.pipeline.execute((a) => this.#send(`INCR ${key}`, a), operation));
  }

  /** Sends any line, for a test of what a bad request does. */
  send(line: string): Promise<string> {
    return this.pipeline.execute((a) => this.#send(line, a), {
      operation: 'send',
      idempotent: false,
    });
  }

  /**
   * Later calls are refused before they reach the wire; the calls running finish, and a retry
   * after this point is refused by the pipeline. Nothing stays open between calls, so there
   * is no socket to close once the pipeline has let the calls settle.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.pipeline.close();
  }

  #send(line: string, attempt: Attempt): Promise<string> {
    if (this.#closed) return Promise.reject(new LineCounterError('the client is closed'));
    return new Promise((resolve, reject) => {
      const socket = connect(this.#port, this.#host);
      const abort = () => socket.destroy(attempt.signal.reason as Error);
      attempt.signal.addEventListener('abort', abort, { once: true });
      let answer = '';
      socket.on('connect', () => socket.write(`${line}\n`));
      socket.on('data', (chunk) => {
        answer += chunk.toString('utf8');
        if (!answer.endsWith('\n')) return;
        socket.end();
        const reply = answer.trim();
        if (reply.startsWith('ERR')) reject(new LineCounterError(reply));
        else resolve(reply);
      });
      socket.on('error', reject);
      socket.on('close', () => {
        attempt.signal.removeEventListener('abort', abort);
        reject(new Error('the connection closed before the answer'));
      });
    });
  }
}
