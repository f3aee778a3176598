/**
 * How many complete RESP2 replies `data` holds from its start: simple strings, errors and
 * integers end with their line; bulk strings (`$<bytes>`) after their bytes; arrays (`*<n>`)
 * after their n elements. The kit's probes read until every command they sent has its reply,
 * whether it is one line (`+PONG`) or many (`CLUSTER NODES`), however the socket split it.
 */
export function completeReplies(data: Buffer): number {
  let count = 0;
  for (let offset: number | undefined = 0; ; count++) {
    offset = replyEnd(data, offset);
    if (offset === undefined) return count;
  }
}

/** Where the reply that starts at `offset` ends, or undefined while it is incomplete. */
function replyEnd(data: Buffer, offset: number): number | undefined {
  const lineEnd = data.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const next = lineEnd + 2;
  const type = String.fromCharCode(data[offset] ?? 0);
  if (type !== '$' && type !== '*') return next;
  const length = Number(data.toString('latin1', offset + 1, lineEnd));
  // A null bulk string or array ($-1, *-1) is its line alone.
  if (!Number.isInteger(length) || length < 0) return next;
  if (type === '$') return data.length >= next + length + 2 ? next + length + 2 : undefined;
  let end: number | undefined = next;
  for (let i = 0; i < length && end !== undefined; i++) end = replyEnd(data, end);
  return end;
}
