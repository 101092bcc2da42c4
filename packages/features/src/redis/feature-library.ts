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
export const FEATURE_LIBRARY_VERSION = '13';

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
-- partition (the state is computed there, reference/card-window.ts).
-- KEYS: card window state, card days. ARGV: the version the writer read ('' for
-- none), the new window state (its version, a newline, the state in MessagePack),
-- the new days ('' for none), the days' TTL in ms. Replies 1 when written, 0 when the stored
-- version is not the one read: another engine wrote the card since, and this
-- one's state is stale (a zombie, or a cache from before a rebalance).
-- The window state keeps no TTL until its batch is released (release_card).
local function card_put(keys, args)
  if version_of(redis.call('GET', keys[1])) ~= args[1] then return 0 end
  redis.call('SET', keys[1], args[2])
  if args[3] == '' then
    redis.call('DEL', keys[2])
  else
    redis.call('SET', keys[2], args[3], 'PX', args[4])
  end
  return 1
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
-- is counted on one of them, or old days are dropped), the TTL set once.
local function merchant_days(key)
  local days = { newest = tonumber(redis.call('HGET', key, 'n')), feedback = {}, counted = false }

  -- Counts an accepted transaction on 'day'; on a new newest day, drops what is no longer kept.
  function days.count(day)
    if days.newest == nil or day > days.newest then
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
    redis.call('HINCRBY', key, 't' .. day, 1)
    -- The feedbacks that read this day: of days day + delay to day + delay + long - 1.
    for d = day + FEEDBACK_DELAY_DAYS, day + FEEDBACK_DELAY_DAYS + FEEDBACK_LONG_DAYS - 1 do days.feedback[d] = nil end
    days.counted = true
  end

  function days.feedback_of(day)
    local f = days.feedback[day]
    if f == nil then
      f = merchant_feedback(key, day)
      days.feedback[day] = f
    end
    return f
  end

  function days.finish()
    if days.counted then redis.call('PEXPIRE', key, MERCHANT_DAYS_TTL_MS) end
  end

  return days
end

-- A merchant's transactions of one batch of one partition, stepped in partition
-- order (reference/merchant-window.ts).
-- KEYS: merchant events (sorted set: transactionId by time), merchant first results
-- (hash: 'count,count 1d,frauds 1d,count 7d,frauds 7d'), merchant meta (hash:
-- 'pending:<partition>' for each partition with an uncommitted batch that touched
-- the merchant), merchant days (hash, see merchant_feedback).
-- ARGV: windowMs, latenessMs, partition, the low watermark across partitions ('' for
-- none: nothing is forgotten), then transactionId, timeMs, watermark ('' for none)
-- for each transaction.
-- Reply: duplicate, late, count, count 1d, frauds 1d, count 7d, frauds 7d, for each.
local function merchant_batch(keys, args)
  local window_ms, lateness_ms = tonumber(args[1]), tonumber(args[2])
  -- Other partitions release the merchant too: it keeps no TTL while any has
  -- work uncommitted. Already pending means no release since: no TTL to clear.
  if redis.call('HSET', keys[3], 'pending:' .. args[3], 1) == 1 then
    for i = 1, 3 do redis.call('PERSIST', keys[i]) end
  end
  -- What no partition's transaction that is not late can count any more.
  local low = watermark_of(args[4])
  if low ~= nil then
    local forgotten = redis.call('ZRANGEBYSCORE', keys[1], '-inf', score(low - window_ms - lateness_ms))
    call_in_chunks('ZREM', keys[1], forgotten)
    call_in_chunks('HDEL', keys[2], forgotten)
  end

  local days = merchant_days(keys[4])
  local out = {}
  for i = 5, #args, 3 do
    local id, t, wm = args[i], tonumber(args[i + 1]), watermark_of(args[i + 2])
    -- The step sees the events after its own partition's cut.
    local cut = wm and (wm - window_ms - lateness_ms) or -math.huge
    local own = tonumber(redis.call('ZSCORE', keys[1], id))
    local seen = own ~= nil and own > cut
    local late = is_late(t, wm, lateness_ms)
    local from = math.max(t - window_ms, cut)
    local in_x = 0
    if from < t then in_x = redis.call('ZCOUNT', keys[1], '(' .. score(from), score(t)) end
    local values
    if late then
      local f = days.feedback_of(utc_day(t))
      values = { seen and 1 or 0, 1, in_x + (seen and 0 or 1), f[1], f[2], f[3], f[4] }
    elseif seen then
      values = { 1, 0 }
      for value in string.gmatch(redis.call('HGET', keys[2], id), '[^,]+') do values[#values + 1] = tonumber(value) end
    else
      local count, day = in_x + 1, utc_day(t)
      redis.call('ZADD', keys[1], score(t), id)
      days.count(day)
      local f = days.feedback_of(day)
      redis.call('HSET', keys[2], id, count .. ',' .. table.concat(f, ','))
      values = { 0, 0, count, f[1], f[2], f[3], f[4] }
    end
    for _, v in ipairs(values) do out[#out + 1] = v end
  end
  days.finish()
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
-- committed: one call for a batch's cards (of one hash slot in a cluster).
-- KEYS: card window states. ARGV: ttlMs.
local function release_card(keys, args)
  for _, key in ipairs(keys) do redis.call('PEXPIRE', key, args[1]) end
  return #keys
end

-- Clears a partition's pending mark on merchants once its batch is
-- committed, and starts each one's TTL when no partition has uncommitted work
-- on it. KEYS: merchant_batch's first three keys per merchant, merchant after
-- merchant. ARGV: ttlMs, partition. Replies with the number whose TTL started.
local function release_merchant(keys, args)
  local pending = 'pending:' .. args[2]
  local released = 0
  for i = 1, #keys, 3 do
    local meta = keys[i + 2]
    redis.call('HDEL', meta, pending)
    if redis.call('HLEN', meta) == 0 then
      for j = i, i + 2 do redis.call('PEXPIRE', keys[j], args[1]) end
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

redis.register_function('fraud_card_put', card_put)
redis.register_function('fraud_merchant_batch', merchant_batch)
redis.register_function('fraud_merchant_confirm', merchant_confirm)
redis.register_function('fraud_advance_watermark', advance_watermark)
redis.register_function('fraud_release_card', release_card)
redis.register_function('fraud_release_merchant', release_merchant)
redis.register_function{ function_name = 'fraud_features_version', callback = version, flags = { 'no-writes' } }
`;
