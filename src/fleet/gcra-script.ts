import { createHash } from 'node:crypto';
import type { FleetScript } from './run-script.ts';

/**
 * The fleet rate limit as one atomic Lua script: the generic cell rate algorithm (GCRA) on one
 * key, which holds the limit's theoretical arrival time (TAT) in microseconds of Redis's own
 * clock (`TIME`), so the instances' clocks never matter.
 *
 * KEYS[1]: the limit's key. ARGV: the interval between permits and the burst's tolerance
 * (burst times the interval), then for each permit asked, the longest wait its caller
 * accepts; all in microseconds. Several permits in one call (callers that asked while the
 * previous call was in flight) are decided in order, exactly as one call each would be.
 *
 * Returns `granted, waitUs` for each permit, then how long until the next permit is free
 * (0: one is free now). Granted (1): the permit is reserved for `waitUs`
 * from now (0: at once), so callers that wait are admitted in the order they asked. Refused
 * (0): nothing was taken, and a permit would have come in `waitUs`. The key expires once its
 * TAT has passed by a second: an idle limit holds no memory.
 */
const gcraScript = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or now)
local tat = stored
if tat < now then tat = now end
local results = {}
for i = 3, #ARGV do
  local new_tat = tat + interval
  local wait = new_tat - tolerance - now
  if wait < 0 then wait = 0 end
  if wait > tonumber(ARGV[i]) then
    results[#results + 1] = 0
  else
    results[#results + 1] = 1
    tat = new_tat
  end
  results[#results + 1] = wait
end
if tat ~= stored and tat > now then
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
end
local next_wait = tat + interval - tolerance - now
if next_wait < 0 then next_wait = 0 end
results[#results + 1] = next_wait
return results
`;

export const gcra: FleetScript = {
  source: gcraScript,
  sha: createHash('sha1').update(gcraScript).digest('hex'),
};

/**
 * Holds the limit back: its next permit comes no sooner than ARGV[1] microseconds from now
 * (a Retry-After one instance was told), for every instance. KEYS[1]: the limit's key. ARGV:
 * the hold, the interval and the tolerance (µs). Never brings a permit nearer.
 */
const coolDownScript = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local tat = now + tonumber(ARGV[1]) + tonumber(ARGV[3]) - tonumber(ARGV[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or 0)
if stored >= tat then return 0 end
redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
return 1
`;

export const coolDown: FleetScript = {
  source: coolDownScript,
  sha: createHash('sha1').update(coolDownScript).digest('hex'),
};
