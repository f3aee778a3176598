import type { SpanConventions } from '../core/pipeline-options.ts';

/**
 * Spans of Redis commands by the OpenTelemetry conventions for Redis: named after the command
 * (`GET`, `MULTI`), with `db.system.name`, `db.operation.name`, `db.namespace` (the database
 * index) and the server. Keys and arguments stay out: they may carry what logs must not.
 */
export function redisSpans(host: string, port: number, db: number): SpanConventions {
  const server = {
    'db.system.name': 'redis',
    'db.namespace': String(db),
    'server.address': host,
    'server.port': port,
  };
  const commandOf = (call: { operation: string; context?: object | undefined }): string => {
    const command = (call.context as { command?: unknown } | undefined)?.command;
    return typeof command === 'string' && command !== '?' ? command : call.operation.toUpperCase();
  };
  return {
    name: commandOf,
    attributes: (call) => ({ ...server, 'db.operation.name': commandOf(call) }),
  };
}
