-- One bucket's share of a listing: live records matching the filters, in ascending id order.
-- KEYS: 1 bucket index (zset of id members, score 0).
-- ARGV: 1 record key prefix of the bucket (record key = prefix .. sha1hex(member)),
--       2 ZRANGEBYLEX start ('-', '[member' or '(member'), 3 id prefix member ('' for all),
--       4 now seconds, 5 now nanos, 6..8 flow/status/user filters ('-' any, '+' .. value),
--       9 updatedAfter seconds, 10 nanos ('-' for none), 11 updatedBefore seconds, 12 nanos,
--       13 how many matches to return, 14 how many index entries to examine at most
-- Returns {exhausted(0|1), lastExamined member or '', entries...}; an entry is {1, fields...}
-- for a matching record or {2, member, reason} for one that cannot be decoded.
local idx = KEYS[1]
local rprefix, start, pfx = ARGV[1], ARGV[2], ARGV[3]
local nows, nown = tonumber(ARGV[4]), tonumber(ARGV[5])
local want, budget = tonumber(ARGV[13]), tonumber(ARGV[14])
local filters = {{'f', ARGV[6]}, {'s', ARGV[7]}, {'u', ARGV[8]}}
local function before(as, an, bs, bn) return as < bs or (as == bs and an < bn) end
local out = {0, ''}
local found, examined, exhausted, last = 0, 0, false, nil
while found < want and examined < budget do
  local batch = redis.call('ZRANGEBYLEX', idx, start, '+', 'LIMIT', 0, math.min(budget - examined, 128))
  if #batch == 0 then exhausted = true break end
  for _, m in ipairs(batch) do
    if #pfx > 0 and string.sub(m, 1, #pfx) ~= pfx then exhausted = true break end
    examined = examined + 1
    last = m
    local key = rprefix .. redis.sha1hex(m)
    local h = redis.call('HMGET', key, 'id', 'es', 'en', 'ts', 'tn', 'f', 's', 'u')
    if not h[1] then
      redis.call('ZREM', idx, m)
    elseif h[1] == m then
      local es, en, ts, tn = tonumber(h[2]), tonumber(h[3]), tonumber(h[4]), tonumber(h[5])
      if not (es and en and ts and tn) then
        out[#out + 1] = {2, m, 'unparsable expiry or update time'}
      elseif before(nows, nown, es, en) then
        local match = true
        for i, f in ipairs(filters) do
          if f[2] ~= '-' and h[5 + i] ~= string.sub(f[2], 2) then match = false end
        end
        if match and ARGV[9] ~= '-' and before(ts, tn, tonumber(ARGV[9]), tonumber(ARGV[10])) then match = false end
        if match and ARGV[11] ~= '-' and not before(ts, tn, tonumber(ARGV[11]), tonumber(ARGV[12])) then match = false end
        if match then
          local all = redis.call('HGETALL', key)
          table.insert(all, 1, 1)
          out[#out + 1] = all
          found = found + 1
          if found >= want then break end
        end
      end
    end
  end
  if exhausted or found >= want then break end
  start = '(' .. last
end
if exhausted then out[1] = 1 end
if last then out[2] = last end
return out
