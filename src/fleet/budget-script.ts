import { createHash } from 'node:crypto';
import type { FleetScript } from './run-script.ts';

/**
 * The fleet retry budget's one round trip, as an atomic Lua script: adds an instance's calls
 * and retries since its last sync to per-second counters (fields of one hash, so a Cluster
 * keeps them in one slot), marks the instance as alive, and answers the fleet's totals over
 * the window with the number of live instances. Seconds are Redis's own (`TIME`).
 *
 * KEYS[1]: the counters' hash. KEYS[2]: the live instances (a sorted set by last sync).
 * ARGV: instance id, calls, retries, window in seconds, how long an instance counts as alive
 * after its last sync (ms). Returns `{ calls, retries, instances }`.
 */
const budgetScript = `
local now_parts = redis.call('TIME')
local sec = tonumber(now_parts[1])
local now_ms = sec * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local window = tonumber(ARGV[4])
local alive_ms = tonumber(ARGV[5])
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], 'c' .. sec, ARGV[2]) end
if tonumber(ARGV[3]) > 0 then redis.call('HINCRBY', KEYS[1], 'r' .. sec, ARGV[3]) end
local fields = {}
for s = sec - window + 1, sec do
  fields[#fields + 1] = 'c' .. s
  fields[#fields + 1] = 'r' .. s
end
local values = redis.call('HMGET', KEYS[1], unpack(fields))
local calls, retries = 0, 0
for i = 1, #values, 2 do
  calls = calls + (tonumber(values[i]) or 0)
  retries = retries + (tonumber(values[i + 1]) or 0)
end
for s = sec - window - 2, sec - window do redis.call('HDEL', KEYS[1], 'c' .. s, 'r' .. s) end
redis.call('PEXPIRE', KEYS[1], window * 1000 + 5000)
redis.call('ZADD', KEYS[2], now_ms, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now_ms - alive_ms)
redis.call('PEXPIRE', KEYS[2], alive_ms * 2)
return {calls, retries, redis.call('ZCARD', KEYS[2])}
`;

export const budgetSync: FleetScript = {
  source: budgetScript,
  sha: createHash('sha1').update(budgetScript).digest('hex'),
};
