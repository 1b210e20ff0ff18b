-- Conditional write of one record, its expiry, its listing index entry and its items, atomically.
-- Needs Redis 6.2+ (ZRANDMEMBER).
-- KEYS: 1 record hash, 2 item log (zset), 3 bucket index (zset); all share one hash tag.
-- ARGV: 1 id member, 2 mode (a|v|*), 3 expected version, 4 initial version for a new record,
--       5 now seconds, 6 now nanos (store clock; also the new updatedAt), 7 value, 8 ttl millis,
--       9 expiresAt seconds, 10 expiresAt nanos, 11..13 flow/status/user ('-' null, '+' .. value),
--       14.. pairs of (item seq, encoded item)
-- Returns {1, version} written | {0, fields...} conflict with live record | {0} conflict, none
--         {2, lastSeq} item seq not above stored | {3} hash collision | {4, reason} current corrupt
local rec, items, idx = KEYS[1], KEYS[2], KEYS[3]
local cur = redis.call('HMGET', rec, 'id', 'n', 'es', 'en')
local live, corrupt = false, nil
if cur[1] then
  if cur[1] ~= ARGV[1] then return {3} end
  local es, en, n = tonumber(cur[3]), tonumber(cur[4]), tonumber(cur[2])
  if not es or not en or not n then
    corrupt = 'unparsable version or expiry'
  else
    local now = tonumber(ARGV[5])
    live = es > now or (es == now and en > tonumber(ARGV[6]))
  end
end
local mode = ARGV[2]
if corrupt then
  if mode ~= '*' then return {4, corrupt} end
  live = false
end
local ok
if mode == 'a' then ok = not live elseif mode == 'v' then ok = live and cur[2] == ARGV[3] else ok = true end
if not ok then
  if live then
    local all = redis.call('HGETALL', rec)
    table.insert(all, 1, 0)
    return all
  end
  return {0}
end
if live and #ARGV >= 15 then
  local last = redis.call('ZRANGE', items, -1, -1, 'WITHSCORES')
  if last[2] and tonumber(last[2]) >= tonumber(ARGV[14]) then return {2, last[2]} end
end
local version
if live then version = string.format('%.0f', tonumber(cur[2]) + 1) else version = ARGV[4] end
if live then redis.call('DEL', rec) else redis.call('DEL', rec, items) end
redis.call('HSET', rec, 'id', ARGV[1], 'v', ARGV[7], 'n', version, 'ts', ARGV[5], 'tn', ARGV[6],
  'es', ARGV[9], 'en', ARGV[10])
local names = {'f', 's', 'u'}
for i = 1, 3 do
  local a = ARGV[10 + i]
  if string.sub(a, 1, 1) == '+' then redis.call('HSET', rec, names[i], string.sub(a, 2)) end
end
redis.call('PEXPIRE', rec, ARGV[8])
for i = 14, #ARGV, 2 do
  redis.call('ZADD', items, ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', items, ARGV[8])
redis.call('ZADD', idx, 0, ARGV[1])
-- Amortized cleanup: drop up to two index entries whose record Redis has expired.
local rprefix = string.sub(rec, 1, #rec - 40)
for _, m in ipairs(redis.call('ZRANDMEMBER', idx, 2)) do
  if redis.call('EXISTS', rprefix .. redis.sha1hex(m)) == 0 then redis.call('ZREM', idx, m) end
end
return {1, version}
