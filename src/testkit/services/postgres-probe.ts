import { createConnection } from 'node:net';

/** Where and as whom to ask a PostgreSQL server whether it accepts connections. */
export interface PostgresProbeTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/**
 * Resolves when the server at `target` accepts connections: it answers a startup message with
 * an authentication request, as `pg_isready` judges it. Rejects with the server's own words
 * while it is starting up or refuses, and on a socket error or no answer within `timeoutMs`.
 * Needs no client library or PostgreSQL binaries on this host.
 */
export function probePostgres(target: PostgresProbeTarget, timeoutMs = 2_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: target.host, port: target.port });
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer from PostgreSQL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    let received = Buffer.alloc(0);
    socket.once('error', finish);
    socket.once('close', () => finish(new Error('PostgreSQL closed the connection unanswered')));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 5) return;
      const kind = String.fromCharCode(received[0] ?? 0);
      if (kind === 'R') return finish();
      if (kind !== 'E') return finish(new Error(`unexpected message ${kind}: not PostgreSQL?`));
      const length = received.readUInt32BE(1);
      if (received.length >= 1 + length)
        finish(new Error(errorText(received.subarray(5, 1 + length))));
    });
    socket.once('connect', () => socket.write(startupMessage(target)));
  });
}

/** Protocol 3.0 startup: length, version, then NUL-terminated key and value pairs. */
function startupMessage({ user, database }: PostgresProbeTarget): Buffer {
  const pairs = Buffer.from(`user\0${user}\0database\0${database}\0\0`, 'utf8');
  const message = Buffer.alloc(8 + pairs.length);
  message.writeUInt32BE(message.length, 0);
  message.writeUInt32BE(196_608, 4);
  pairs.copy(message, 8);
  return message;
}

/** An ErrorResponse's SQLSTATE and message fields (`57P03: the database system is starting up`). */
function errorText(fields: Buffer): string {
  const values = new Map<string, string>();
  for (const field of fields.toString('utf8').split('\0')) {
    if (field.length > 1) values.set(field[0] ?? '', field.slice(1));
  }
  return `${values.get('C') ?? '?'}: ${values.get('M') ?? 'PostgreSQL refused the connection'}`;
}
