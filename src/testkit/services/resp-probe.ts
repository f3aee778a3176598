import { createConnection, type NetConnectOpts, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { completeReplies } from './resp-replies.ts';

/** Where a probe connects: a TCP or Unix socket, or (with `tls`) a TLS connection. */
export type RespTarget = NetConnectOpts | { readonly tls: ConnectionOptions };

/**
 * Sends Redis commands over a fresh connection and returns the raw replies, once every
 * command has its complete reply. Enough RESP for readiness probes and the kit's own tests,
 * without a Redis client dependency.
 */
export function sendRedisCommands(
  target: RespTarget,
  commands: ReadonlyArray<readonly string[]>,
  timeoutMs = 2_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = 'tls' in target ? connectTls(target.tls) : createConnection(target);
    // A TLS socket may be written to once its handshake is done, a plain one once connected.
    const ready = 'tls' in target ? 'secureConnect' : 'connect';
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply from Redis within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const reply = Buffer.concat(chunks);
      if (completeReplies(reply) >= commands.length) {
        clearTimeout(timer);
        socket.end();
        resolve(reply.toString('utf8'));
      }
    });
    socket.once(ready, () => {
      for (const command of commands) {
        socket.write(
          `*${command.length}\r\n${command.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`,
        );
      }
    });
  });
}
