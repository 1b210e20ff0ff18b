-- Conditional delete of a record and its item log, atomically.
-- KEYS: 1 record hash, 2 item log, 3 bucket index.
-- ARGV: 1 id member, 2 mode (v|*), 3 expected version, 4 now seconds, 5 now nanos
-- Returns {1, existed(0|1)} deleted | {0, fields...} / {0} conflict | {3} collision | {4, reason}
local rec, items, idx = KEYS[1], KEYS[2], KEYS[3]
local cur = redis.call('HMGET', rec, 'id', 'n', 'es', 'en')
local live = false
if cur[1] then
  if cur[1] ~= ARGV[1] then return {3} end
  local es, en, n = tonumber(cur[3]), tonumber(cur[4]), tonumber(cur[2])
  if not es or not en or not n then
    if ARGV[2] ~= '*' then return {4, 'unparsable version or expiry'} end
  else
    local now = tonumber(ARGV[4])
    live = es > now or (es == now and en > tonumber(ARGV[5]))
  end
end
if ARGV[2] == 'v' and not (live and cur[2] == ARGV[3]) then
  if live then
    local all = redis.call('HGETALL', rec)
    table.insert(all, 1, 0)
    return all
  end
  return {0}
end
redis.call('DEL', rec, items)
redis.call('ZREM', idx, ARGV[1])
if live then return {1, 1} end
return {1, 0}
