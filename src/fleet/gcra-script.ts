import { createHash } from 'node:crypto';
import type { FleetScript } from './run-script.ts';

/**
 * The fleet rate limit as one atomic Lua script: the generic cell rate algorithm (GCRA) on one
 * key, which holds the limit's theoretical arrival time (TAT) in microseconds of Redis's own
 * clock (`TIME`), so the instances' clocks never matter.
 *
 * KEYS[1]: the limit's key. ARGV: the interval between permits, the burst's tolerance (burst
 * times the interval) and the longest wait the caller accepts, all in microseconds.
 *
 * Returns `{ granted, waitUs }`. Granted (1): the permit is reserved for `waitUs` from now (0:
 * at once), so callers that wait are admitted in the order they asked. Refused (0): nothing
 * was taken, and a permit would have come in `waitUs`. The key expires once its TAT has
 * passed by a second: an idle limit holds no memory.
 */
const gcraScript = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - tolerance - now
if wait < 0 then wait = 0 end
if wait > max_wait then return {0, wait} end
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1000)
return {1, wait}
`;

export const gcra: FleetScript = {
  source: gcraScript,
  sha: createHash('sha1').update(gcraScript).digest('hex'),
};
