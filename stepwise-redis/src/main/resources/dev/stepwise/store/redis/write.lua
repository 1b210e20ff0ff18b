-- Conditional write of one record, its expiry, its listing index entry and its items, atomically.
-- Needs Redis 6.2+ (ZRANDMEMBER).
-- KEYS: 1 record hash, 2 item log (zset), 3 bucket index (zset); all share one hash tag.
-- ARGV: 1 id member, 2 mode (a|v|*), 3 expected version, 4 initial version for a new record,
--       5 now seconds, 6 now nanos (store clock; also the new updatedAt), 7 value, 8 ttl millis,
--       9 expiresAt seconds, 10 expiresAt nanos, 11..13 flow/status/user ('-' null, '+' .. value),
--       14.. pairs of (item seq, encoded item)
-- Returns {1, version} written | {0, fields...} conflict with live record | {0} conflict, none
--         {2, lastSeq} item seq not above stored | {3} hash collision | {4, reason} current corrupt
--
-- Field 'q' of the record holds the highest item seq appended since the record was created ('0'
-- for none), so the seq check needs no read of the log. It is an upper bound of the log's last seq
-- (trimming may remove items, never 'q'); only when it would refuse does the script read the log,
-- so the check is exactly "above the last stored item". Every record this script writes has 'q':
-- one without it is as corrupt as one without a version.
local rec, items, idx = KEYS[1], KEYS[2], KEYS[3]
local cur = redis.call('HMGET', rec, 'id', 'n', 'es', 'en', 'q', 'f', 's', 'u')
local live, corrupt = false, nil
if cur[1] then
  if cur[1] ~= ARGV[1] then return {3} end
  local es, en, n = tonumber(cur[3]), tonumber(cur[4]), tonumber(cur[2])
  if not es or not en or not n then
    corrupt = 'unparsable version or expiry'
  elseif not tonumber(cur[5]) then
    corrupt = 'unparsable last item seq'
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
local appends = #ARGV >= 15
-- q: the seq 'q' keeps after this write; a new record starts without items
local q = '0'
if live then
  q = cur[5]
  if appends and tonumber(q) >= tonumber(ARGV[14]) then
    local last = redis.call('ZRANGE', items, -1, -1, 'WITHSCORES')[2]
    if last and tonumber(last) >= tonumber(ARGV[14]) then return {2, last} end
  end
end
if appends then q = ARGV[#ARGV - 1] end
local version
if live then version = string.format('%.0f', tonumber(cur[2]) + 1) else version = ARGV[4] end
-- An update rewrites its hash in place (the fields that change, and HDEL of an attribute now absent):
-- deleting and rebuilding the whole hash cost Redis ~2 us more per update. Anything else starts
-- from an empty hash and log.
local fields = {'v', ARGV[7], 'n', version, 'ts', ARGV[5], 'tn', ARGV[6], 'es', ARGV[9], 'en', ARGV[10], 'q', q}
if not live then
  redis.call('DEL', rec, items)
  fields[#fields + 1] = 'id'
  fields[#fields + 1] = ARGV[1]
end
local names = {'f', 's', 'u'}
local gone
for i = 1, 3 do
  local a = ARGV[10 + i]
  if string.sub(a, 1, 1) == '+' then
    fields[#fields + 1] = names[i]
    fields[#fields + 1] = string.sub(a, 2)
  elseif live and cur[5 + i] then
    gone = gone or {}
    gone[#gone + 1] = names[i]
  end
end
if gone then redis.call('HDEL', rec, unpack(gone)) end
redis.call('HSET', rec, unpack(fields))
redis.call('PEXPIRE', rec, ARGV[8])
-- one ZADD per 200 items: unpack has a stack limit
for i = 14, #ARGV, 400 do
  redis.call('ZADD', items, unpack(ARGV, i, math.min(i + 399, #ARGV)))
end
redis.call('PEXPIRE', items, ARGV[8])
if not live then
  -- Only a record that was not live may be missing from its bucket index: a record key that
  -- exists always has its entry (entries are removed only with their record or once the key is
  -- gone), so an update leaves the index alone.
  redis.call('ZADD', idx, 0, ARGV[1])
  -- Amortized cleanup, on creates because creates are what grow an index: drop up to two index
  -- entries whose record Redis has expired.
  local rprefix = string.sub(rec, 1, #rec - 40)
  for _, m in ipairs(redis.call('ZRANDMEMBER', idx, 2)) do
    if redis.call('EXISTS', rprefix .. redis.sha1hex(m)) == 0 then redis.call('ZREM', idx, m) end
  end
end
return {1, version}
