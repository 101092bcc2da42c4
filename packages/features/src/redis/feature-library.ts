/**
 * The Redis Functions library of the online window state
 * (docs/window-features.md): a card's state written once per batch, fenced
 * by its version; a merchant's window stepped for a batch's transactions in
 * one atomic call, as `src/reference` steps them. Bump the version with any
 * change of the source: services load it at start when the loaded one differs.
 */
import { MERCHANT_FEEDBACK } from '../window/merchant-feedback.js';
import { DAY_MS } from '../window/utc-day.js';

export const FEATURE_LIBRARY_NAME = 'fraud_features';
export const FEATURE_LIBRARY_VERSION = '15';

export const FEATURE_LIBRARY_SOURCE = String.raw`#!lua name=${FEATURE_LIBRARY_NAME}

local VERSION = '${FEATURE_LIBRARY_VERSION}'
local DAY_MS = ${DAY_MS}
local FEEDBACK_DELAY_DAYS = ${MERCHANT_FEEDBACK.delayDays}
local FEEDBACK_SHORT_DAYS, FEEDBACK_LONG_DAYS = ${MERCHANT_FEEDBACK.shortDays}, ${MERCHANT_FEEDBACK.longDays}
local MERCHANT_KEPT_DAYS, MERCHANT_DAYS_TTL_MS = ${MERCHANT_FEEDBACK.keptDays}, ${MERCHANT_FEEDBACK.ttlMs}
-- Libraries such as math are only reachable while a function runs, not while the library loads.

-- Watermark argument: '' before the partition's first record.
local function watermark_of(arg)
  if arg == '' then return nil end
  return tonumber(arg)
end

local function is_late(t, wm, lateness_ms)
  return wm ~= nil and t < wm - lateness_ms
end

local function utc_day(t)
  return math.floor(t / DAY_MS)
end

local function score(t)
  return string.format('%.17g', t)
end

-- unpack() has a stack limit; a hot merchant can drop thousands of events at once.
local function call_in_chunks(command, key, items)
  for i = 1, #items, 1000 do
    redis.call(command, key, unpack(items, i, math.min(i + 999, #items)))
  end
end

-- The version a card state value starts with (up to its first newline); '' for none.
local function version_of(value)
  if not value then return '' end
  return string.match(value, '^[^\n]*')
end

-- A card's state, written once per batch by the engine that owns the card's
-- partition (the state is computed there, reference/card-window.ts), if the
-- version stored ('current': the stored window state) is the one the writer
-- read ('' for none). Returns 1 when written, 0 when not: another engine wrote
-- the card since, and this one's state is stale (a zombie, or a cache from
-- before a rebalance). The window state keeps no TTL until its batch is
-- released (release_cards); the days keep theirs.
local function put_card(window_key, days_key, current, read_version, window, days, days_ttl_ms)
  if version_of(current) ~= read_version then return 0 end
  redis.call('SET', window_key, window)
  if days == '' then
    redis.call('DEL', days_key)
  else
    redis.call('SET', days_key, days, 'PX', days_ttl_ms)
  end
  return 1
end

-- Calls take the keys of many entities of one node, of many hash slots, as
-- arguments (allow-cross-slot-keys): a call costs Redis more than an entity's
-- commands. A call that writes reads every entity before it writes any, so a
-- key the node does not serve (a slot moved) fails it with nothing written.

-- Cards' states: for each window key and days key of ARGV, its value (false for none).
local function card_get_many(_, args)
  local out = {}
  for i = 1, #args do out[i] = redis.call('GET', args[i]) end
  return out
end

-- A batch's cards, each written if unchanged since read (put_card). ARGV: the
-- days' TTL in ms, then for each card its window key, days key, version read,
-- window state, days. Replies 1 or 0 per card.
local function card_put_many(_, args)
  local current, out = {}, {}
  for i = 2, #args, 5 do current[#current + 1] = redis.call('GET', args[i]) end
  for k = 1, #current do
    local i = 2 + (k - 1) * 5
    out[k] = put_card(args[i], args[i + 1], current[k], args[i + 2], args[i + 3], args[i + 4], args[1])
  end
  return out
end

-- Merchant days hash: 'n' newest day accepted, 't<day>' transactions, 'f<day>' confirmed
-- frauds, 'c<transactionId>' the day of each confirmation counted.
-- Feedback of a transaction on 'day': { count 1d, frauds 1d, count 7d, frauds 7d }.
local function merchant_feedback(key, day)
  local newest = day - FEEDBACK_DELAY_DAYS
  local oldest = newest - FEEDBACK_LONG_DAYS + 1
  local fields = {}
  for d = oldest, newest do
    fields[#fields + 1] = 't' .. d
    fields[#fields + 1] = 'f' .. d
  end
  local values = redis.call('HMGET', key, unpack(fields))
  local f = { 0, 0, 0, 0 }
  for i = 1, #fields, 2 do
    local d = oldest + (i - 1) / 2
    local count, frauds = tonumber(values[i]) or 0, tonumber(values[i + 1]) or 0
    f[3] = f[3] + count; f[4] = f[4] + frauds
    if d > newest - FEEDBACK_SHORT_DAYS then f[1] = f[1] + count; f[2] = f[2] + frauds end
  end
  return f
end

-- A merchant's days within one call: the newest day read once, each feedback
-- read once per day (the days a feedback reads change only when a transaction
-- is counted on one of them, or old days are dropped), each day's count
-- incremented once (held until a feedback reads the day, or the call ends),
-- the TTL set once.
local function merchant_days(key)
  local days = { newest = tonumber(redis.call('HGET', key, 'n')), feedback = {}, uncounted = {}, counted = false }

  -- Adds the counts held for days 'from' to 'to' (all days when nil) to the hash.
  local function flush(from, to)
    for day, n in pairs(days.uncounted) do
      if from == nil or (day >= from and day <= to) then
        redis.call('HINCRBY', key, 't' .. day, n)
        days.uncounted[day] = nil
      end
    end
  end

  -- Counts an accepted transaction on 'day'; on a new newest day, drops what is no longer kept.
  function days.count(day)
    if days.newest == nil or day > days.newest then
      flush(nil, nil)
      local oldest = day - MERCHANT_KEPT_DAYS
      local all, stale = redis.call('HGETALL', key), {}
      for i = 1, #all, 2 do
        local field, kind = all[i], string.sub(all[i], 1, 1)
        local d = nil
        if kind == 'c' then d = tonumber(all[i + 1]) elseif kind ~= 'n' then d = tonumber(string.sub(field, 2)) end
        if d ~= nil and d <= oldest then stale[#stale + 1] = field end
      end
      call_in_chunks('HDEL', key, stale)
      redis.call('HSET', key, 'n', day)
      days.newest = day
      days.feedback = {}
    end
    days.uncounted[day] = (days.uncounted[day] or 0) + 1
    -- The feedbacks that read this day: of days day + delay to day + delay + long - 1.
    for d = day + FEEDBACK_DELAY_DAYS, day + FEEDBACK_DELAY_DAYS + FEEDBACK_LONG_DAYS - 1 do days.feedback[d] = nil end
    days.counted = true
  end

  function days.feedback_of(day)
    local f = days.feedback[day]
    if f == nil then
      local newest = day - FEEDBACK_DELAY_DAYS
      flush(newest - FEEDBACK_LONG_DAYS + 1, newest)
      f = merchant_feedback(key, day)
      days.feedback[day] = f
    end
    return f
  end

  function days.finish()
    flush(nil, nil)
    if days.counted then redis.call('PEXPIRE', key, MERCHANT_DAYS_TTL_MS) end
  end

  return days
end

-- A merchant's transactions of one batch of one partition, stepped in partition
-- order (reference/merchant-window.ts), their replies appended to 'out'.
-- keys: merchant events (sorted set: transactionId by time), merchant first results
-- (hash: 'count,count 1d,frauds 1d,count 7d,frauds 7d'), merchant meta (hash:
-- 'pending:<partition>' for each partition with an uncommitted batch that touched
-- the merchant), merchant days (hash, see merchant_feedback).
-- low: the low watermark across partitions (nil: nothing is forgotten).
-- args[first..last]: transactionId, timeMs, watermark ('' for none) for each transaction.
-- Replies: duplicate, late, count, count 1d, frauds 1d, count 7d, frauds 7d, for each.
local function merchant_steps(keys, window_ms, lateness_ms, partition, low, args, first, last, out)
  -- Other partitions release the merchant too: it keeps no TTL while any has
  -- work uncommitted. Already pending means no release since: no TTL to clear.
  if redis.call('HSET', keys[3], 'pending:' .. partition, 1) == 1 then
    for i = 1, 3 do redis.call('PERSIST', keys[i]) end
  end
  -- What no partition's transaction that is not late can count any more.
  if low ~= nil then
    local forgotten = redis.call('ZRANGEBYSCORE', keys[1], '-inf', score(low - window_ms - lateness_ms))
    call_in_chunks('ZREM', keys[1], forgotten)
    call_in_chunks('HDEL', keys[2], forgotten)
  end

  local days = merchant_days(keys[4])
  -- First results of the call's accepted transactions, written in one HSET at its end.
  local firsts, first_fields = {}, {}
  for i = first, last, 3 do
    local id, t, wm = args[i], tonumber(args[i + 1]), watermark_of(args[i + 2])
    -- The step sees the events after its own partition's cut.
    local cut = wm and (wm - window_ms - lateness_ms) or -math.huge
    local from = math.max(t - window_ms, cut)
    local values
    if is_late(t, wm, lateness_ms) then
      local own = tonumber(redis.call('ZSCORE', keys[1], id))
      local seen = own ~= nil and own > cut
      local in_x = 0
      if from < t then in_x = redis.call('ZCOUNT', keys[1], '(' .. score(from), score(t)) end
      local f = days.feedback_of(utc_day(t))
      values = { seen and 1 or 0, 1, in_x + (seen and 0 or 1), f[1], f[2], f[3], f[4] }
    else
      -- Not late, so t is after 'from': once added, the count includes it.
      local added = redis.call('ZADD', keys[1], 'NX', score(t), id) == 1
      if not added then
        local own = tonumber(redis.call('ZSCORE', keys[1], id))
        if own <= cut then
          -- Left behind by the partition's cut: accepted anew, at t.
          redis.call('ZADD', keys[1], score(t), id)
          added = true
        end
      end
      if added then
        local count, day = redis.call('ZCOUNT', keys[1], '(' .. score(from), score(t)), utc_day(t)
        days.count(day)
        local f = days.feedback_of(day)
        local first_result = count .. ',' .. table.concat(f, ',')
        if firsts[id] == nil then first_fields[#first_fields + 1] = id end
        firsts[id] = first_result
        values = { 0, 0, count, f[1], f[2], f[3], f[4] }
      else
        values = { 1, 0 }
        local first_result = firsts[id] or redis.call('HGET', keys[2], id)
        for value in string.gmatch(first_result, '[^,]+') do values[#values + 1] = tonumber(value) end
      end
    end
    for _, v in ipairs(values) do out[#out + 1] = v end
  end
  local pairs_out = {}
  for _, id in ipairs(first_fields) do
    pairs_out[#pairs_out + 1] = id
    pairs_out[#pairs_out + 1] = firsts[id]
  end
  call_in_chunks('HSET', keys[2], pairs_out)
  days.finish()
end

-- A batch's merchants, stepped. ARGV: windowMs, latenessMs, partition, the
-- low watermark, then for each merchant its four keys, its number of
-- transactions n, and its 3n transaction arguments. Each merchant's meta key is
-- read before anything is written, so a key the node does not serve fails the
-- call with nothing written. Replies as merchant_steps, merchant after merchant.
local function merchant_batches(_, args)
  local window_ms, lateness_ms, partition, low = tonumber(args[1]), tonumber(args[2]), args[3], watermark_of(args[4])
  local i = 5
  while i <= #args do
    redis.call('EXISTS', args[i + 2])
    i = i + 5 + 3 * tonumber(args[i + 4])
  end
  local out = {}
  i = 5
  while i <= #args do
    local n = tonumber(args[i + 4])
    local keys = { args[i], args[i + 1], args[i + 2], args[i + 3] }
    merchant_steps(keys, window_ms, lateness_ms, partition, low, args, i + 5, i + 4 + 3 * n, out)
    i = i + 5 + 3 * n
  end
  return out
end

-- A confirmed fraud of the merchant, counted once on its transaction's day unless
-- that day is no longer kept. KEYS: merchant days. ARGV: transactionId, timeMs.
-- Replies 1 when counted.
local function merchant_confirm(keys, args)
  local day = utc_day(tonumber(args[2]))
  local newest = tonumber(redis.call('HGET', keys[1], 'n'))
  if newest ~= nil and day <= newest - MERCHANT_KEPT_DAYS then return 0 end
  if redis.call('HSETNX', keys[1], 'c' .. args[1], day) == 0 then return 0 end
  redis.call('HINCRBY', keys[1], 'f' .. day, 1)
  redis.call('PEXPIRE', keys[1], MERCHANT_DAYS_TTL_MS)
  return 1
end

-- Starts the TTL of cards' window state once the batch that last wrote them is
-- committed. ARGV: ttlMs, then the cards' window state keys.
local function release_cards(_, args)
  for i = 2, #args do redis.call('PEXPIRE', args[i], args[1]) end
  return #args - 1
end

-- Clears a partition's pending mark on merchants once its batch is
-- committed, and starts each one's TTL when no partition has uncommitted work
-- on it. ARGV: ttlMs, partition, then merchant_steps' first three keys per
-- merchant, merchant after merchant. Replies with the number whose TTL started.
local function release_merchants(_, args)
  local pending = 'pending:' .. args[2]
  local released = 0
  for i = 3, #args, 3 do
    local meta = args[i + 2]
    redis.call('HDEL', meta, pending)
    if redis.call('HLEN', meta) == 0 then
      for j = i, i + 2 do redis.call('PEXPIRE', args[j], args[1]) end
      released = released + 1
    end
  end
  return released
end

-- KEYS: a stream's watermarks (hash: '<partition>' its watermark, 'at:<partition>'
-- the wall-clock time of its last batch). ARGV: partition, event time ('' for none),
-- now (ms). Keeps the maximum; replies with it ('' for none).
local function advance_watermark(keys, args)
  local partition, t = args[1], watermark_of(args[2])
  local current = tonumber(redis.call('HGET', keys[1], partition))
  if t ~= nil and (current == nil or t > current) then
    current = t
    redis.call('HSET', keys[1], partition, score(t))
  end
  redis.call('HSET', keys[1], 'at:' .. partition, args[3])
  if current == nil then return '' end
  return score(current)
end

local function version()
  return VERSION
end

redis.register_function('fraud_merchant_confirm', merchant_confirm)
redis.register_function('fraud_advance_watermark', advance_watermark)
-- Calls with the keys of many slots of one node.
local function register_many(name, callback, read_only)
  local flags = read_only and { 'no-writes', 'allow-cross-slot-keys' } or { 'allow-cross-slot-keys' }
  redis.register_function{ function_name = name, callback = callback, flags = flags }
end
register_many('fraud_card_get_many', card_get_many, true)
register_many('fraud_card_put_many', card_put_many, false)
register_many('fraud_merchant_batches', merchant_batches, false)
register_many('fraud_release_cards', release_cards, false)
register_many('fraud_release_merchants', release_merchants, false)
redis.register_function{ function_name = 'fraud_features_version', callback = version, flags = { 'no-writes' } }
`;
