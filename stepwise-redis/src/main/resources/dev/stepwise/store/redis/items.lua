-- A window of a live record's item log.
-- KEYS: 1 record hash, 2 item log.
-- ARGV: 1 id member, 2 now seconds, 3 now nanos, 4 mode (after|last), 5 after seq, 6 limit
-- Returns the encoded items, ascending seq; empty when the record is missing or expired.
local rec, items = KEYS[1], KEYS[2]
local cur = redis.call('HMGET', rec, 'id', 'es', 'en')
if not cur[1] or cur[1] ~= ARGV[1] then return {} end
local es, en, now = tonumber(cur[2]), tonumber(cur[3]), tonumber(ARGV[2])
if not es or not en then return redis.error_reply('CORRUPT unparsable expiry') end
if not (es > now or (es == now and en > tonumber(ARGV[3]))) then return {} end
if ARGV[4] == 'last' then
  return redis.call('ZRANGE', items, -tonumber(ARGV[6]), -1)
end
return redis.call('ZRANGEBYSCORE', items, '(' .. ARGV[5], '+inf', 'LIMIT', 0, ARGV[6])
