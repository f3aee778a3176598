import { createConnection, type NetConnectOpts } from 'node:net';

/**
 * Sends Redis commands over a fresh connection and returns the raw reply. Enough RESP for
 * readiness probes and the kit's own tests, without a Redis client dependency.
 */
export function sendRedisCommands(
  target: NetConnectOpts,
  commands: ReadonlyArray<readonly string[]>,
  timeoutMs = 2_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(target);
    let reply = '';
    const expected = commands.length;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply from Redis within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: string) => {
      reply += chunk;
      // Simple replies only: one line per command is all the probes ask for.
      if (reply.split('\r\n').length - 1 >= expected) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.once('connect', () => {
      for (const command of commands) {
        socket.write(
          `*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`,
        );
      }
    });
  });
}
