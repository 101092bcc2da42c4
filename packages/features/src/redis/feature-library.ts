/**
 * The Redis Functions library of the online window features: the same steps
 * as `src/reference` (docs/window-features.md), one atomic call per
 * transaction per entity. Bump the version with any change of the source:
 * services load it at start when the loaded one differs.
 */
import { CARD_HISTORY } from '../window/card-history.js';
import { MERCHANT_FEEDBACK } from '../window/merchant-feedback.js';
import { DAY_MS } from '../window/utc-day.js';

export const FEATURE_LIBRARY_NAME = 'fraud_features';
export const FEATURE_LIBRARY_VERSION = '11';

export const FEATURE_LIBRARY_SOURCE = String.raw`#!lua name=${FEATURE_LIBRARY_NAME}

local VERSION = '${FEATURE_LIBRARY_VERSION}'
local EARTH_RADIUS_KM = 6371.0088
local DAY_MS = ${DAY_MS}
local CARD_SHORT_DAYS, CARD_LONG_DAYS = ${CARD_HISTORY.shortDays}, ${CARD_HISTORY.longDays}
local CARD_KEPT_DAYS, CARD_DAYS_TTL_MS = ${CARD_HISTORY.keptDays}, ${CARD_HISTORY.ttlMs}
local FEEDBACK_DELAY_DAYS = ${MERCHANT_FEEDBACK.delayDays}
local FEEDBACK_SHORT_DAYS, FEEDBACK_LONG_DAYS = ${MERCHANT_FEEDBACK.shortDays}, ${MERCHANT_FEEDBACK.longDays}
local MERCHANT_KEPT_DAYS, MERCHANT_DAYS_TTL_MS = ${MERCHANT_FEEDBACK.keptDays}, ${MERCHANT_FEEDBACK.ttlMs}
-- Libraries such as math are only reachable while a function runs, not while the library loads.

-- The same formula, operand for operand, as haversineKm in @fraud/contracts.
local function haversine_km(lat1, lon1, lat2, lon2)
  local TO_RAD = math.pi / 180
  local d_lat = (lat2 - lat1) * TO_RAD
  local d_lon = (lon2 - lon1) * TO_RAD
  local h = math.sin(d_lat / 2) ^ 2 + math.cos(lat1 * TO_RAD) * math.cos(lat2 * TO_RAD) * math.sin(d_lon / 2) ^ 2
  return 2 * EARTH_RADIUS_KM * math.asin(math.min(1, math.sqrt(h)))
end

local function in_window(t, at, window_ms)
  return t > at - window_ms and t <= at
end

-- Watermark argument: '' before the partition's first record.
local function watermark_of(arg)
  if arg == '' then return nil end
  return tonumber(arg)
end

local function is_late(t, wm, lateness_ms)
  return wm ~= nil and t < wm - lateness_ms
end

-- A UUID's 36 characters as a marker byte and its 16 bytes: the ids are most of a card's state.
local UUID_PATTERN = '^%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$'
local function compact_id(id)
  if #id ~= 36 or not string.match(id, UUID_PATTERN) then return id end
  local hex = string.gsub(id, '%-', '')
  return '\0' .. (string.gsub(hex, '%x%x', function(pair) return string.char(tonumber(pair, 16)) end))
end

local function utc_day(t)
  return math.floor(t / DAY_MS)
end

-- Card event: { transactionId, timeMs, amountMinor, merchantId, country, lat, lon }
local function card_aggregates(events, lat, lon)
  local count, sum, max, max_km = 0, 0, 0, 0
  local merchants, n_merchants, countries, n_countries = {}, 0, {}, 0
  for _, e in ipairs(events) do
    count = count + 1
    sum = sum + e[3]
    if e[3] > max then max = e[3] end
    if not merchants[e[4]] then merchants[e[4]] = true; n_merchants = n_merchants + 1 end
    if not countries[e[5]] then countries[e[5]] = true; n_countries = n_countries + 1 end
    local km = haversine_km(lat, lon, e[6], e[7])
    if km > max_km then max_km = km end
  end
  -- A Lua number in a reply becomes an integer: the distance goes as a string with every digit.
  return { count, sum, max, n_merchants, n_countries, string.format('%.17g', max_km) }
end

-- unpack() has a stack limit; a hot merchant can drop thousands of events at once.
local function call_in_chunks(command, key, items)
  for i = 1, #items, 1000 do
    redis.call(command, key, unpack(items, i, math.min(i + 999, #items)))
  end
end

local function reply(duplicate, late, values, more)
  local out = { duplicate and 1 or 0, late and 1 or 0 }
  for _, v in ipairs(values) do out[#out + 1] = v end
  for _, v in ipairs(more) do out[#out + 1] = v end
  return out
end

-- A card's days: flat { day, count, amount sum, day, count, amount sum, ... }.
-- History of a transaction on 'day': { count 7d, sum 7d, count 30d, sum 30d }, over
-- the days from 'floor' on (the step's watermark's: see card_floor_day).
local function card_history(days, day, floor)
  local h = { 0, 0, 0, 0 }
  for i = 1, #days, 3 do
    local d = days[i]
    if d <= day and d >= floor then
      if d > day - CARD_LONG_DAYS then h[3] = h[3] + days[i + 1]; h[4] = h[4] + days[i + 2] end
      if d > day - CARD_SHORT_DAYS then h[1] = h[1] + days[i + 1]; h[2] = h[2] + days[i + 2] end
    end
  end
  return h
end

-- The days with each card event of 'events' as a day of its own: sign 1 adds
-- them, -1 takes them back out (card_history sums whatever entries it finds).
local function with_events(days, events, sign)
  local out = {}
  for i = 1, #days do out[i] = days[i] end
  for _, e in ipairs(events) do
    out[#out + 1] = utc_day(e[2]); out[#out + 1] = sign; out[#out + 1] = sign * e[3]
  end
  return out
end

-- The oldest day a step with watermark 'wm' sees (card-history.ts, cardFloorDay).
local function card_floor_day(wm)
  if wm == nil then return -math.huge end
  return utc_day(wm) - CARD_KEPT_DAYS + 1
end

-- The days with one more transaction of 'amount' on 'day', days older than 'floor' dropped.
local function add_to_days(days, day, amount, floor)
  local out, found = {}, false
  for i = 1, #days, 3 do
    local d, c, s = days[i], days[i + 1], days[i + 2]
    if d >= floor then
      if d == day then c = c + 1; s = s + amount; found = true end
      out[#out + 1] = d; out[#out + 1] = c; out[#out + 1] = s
    end
  end
  if not found then out[#out + 1] = day; out[#out + 1] = 1; out[#out + 1] = amount end
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

-- Counts an accepted transaction on 'day'; on a new newest day, drops what is no longer kept.
local function merchant_count_day(key, day)
  local newest = tonumber(redis.call('HGET', key, 'n'))
  if newest == nil or day > newest then
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
  end
  redis.call('HINCRBY', key, 't' .. day, 1)
  redis.call('PEXPIRE', key, MERCHANT_DAYS_TTL_MS)
end

-- Partition positions (Kafka offsets, Kinesis sequence numbers) are decimal strings: longer is later.
local function position_before(a, b)
  if #a ~= #b then return #a < #b end
  return a < b
end

-- KEYS: card state, card days. ARGV: transactionId, timeMs, amountMinor, merchantId, country, lat, lon,
-- watermark ('' for none), windowMs, latenessMs, durable watermark (the partition's persisted one when
-- the batch began, '' for none; the watermark when absent), position ('' or absent for none).
-- Reply: duplicate, late, count, sum, max, distinct merchants, distinct countries, max distance (string),
-- count 7d, sum 7d, count 30d, sum 30d.
local function card_window(keys, args)
  local x = { compact_id(args[1]), tonumber(args[2]), tonumber(args[3]), args[4], args[5], tonumber(args[6]), tonumber(args[7]) }
  local position = args[12]
  if position == '' then position = nil end
  x[8] = position
  local wm = watermark_of(args[8])
  local window_ms, lateness_ms = tonumber(args[9]), tonumber(args[10])
  local cut = wm and (wm - window_ms - lateness_ms) or -math.huge
  -- The state keeps events down to the durable watermark's cut: a redelivery
  -- after a crash comes with at least that watermark, so the ids it drops are
  -- those of transactions only ever redelivered late (card-window.ts).
  local durable = wm
  if args[11] ~= nil then durable = watermark_of(args[11]) end
  local keep_cut = math.min(cut, durable and (durable - window_ms - lateness_ms) or -math.huge)

  local stored = redis.call('GET', keys[1])
  local kept, live, index = {}, {}, nil
  if stored then
    for _, e in ipairs(cmsgpack.unpack(stored)) do
      if e[2] > keep_cut then kept[#kept + 1] = e end
      if e[2] > cut then
        live[#live + 1] = e
        -- (or as a library before version 7 kept it)
        if e[1] == x[1] or e[1] == args[1] then index = #live end
      end
    end
  end
  local duplicate = index ~= nil
  local late = is_late(x[2], wm, lateness_ms)
  local stored_days = redis.call('GET', keys[2])
  local days = stored_days and cmsgpack.unpack(stored_days) or {}
  -- An uncommitted record depends on this state now: no TTL until its batch
  -- is released. (A write below clears the TTL by itself.)
  if stored and (duplicate or late) then redis.call('PERSIST', keys[1]) end

  if duplicate and not late then
    local first = live[index]
    local window = {}
    for i = 1, index do
      if in_window(live[i][2], first[2], window_ms) then window[#window + 1] = live[i] end
    end
    -- The history when the first copy was accepted: what was accepted after it taken back out.
    local later = {}
    for i = index + 1, #live do later[#later + 1] = live[i] end
    local h = card_history(with_events(days, later, -1), utc_day(first[2]), card_floor_day(wm))
    return reply(true, false, card_aggregates(window, first[6], first[7]), h)
  end
  if late then
    -- As of x's position: what was accepted from it on is not counted.
    local before, after, seen = {}, {}, false
    for _, e in ipairs(live) do
      if position and e[8] and not position_before(e[8], position) then
        after[#after + 1] = e
      else
        before[#before + 1] = e
        if e[1] == x[1] or e[1] == args[1] then seen = true end
      end
    end
    local window = {}
    for _, e in ipairs(before) do
      if in_window(e[2], x[2], window_ms) then window[#window + 1] = e end
    end
    if not seen then window[#window + 1] = x end
    local h = with_events(days, after, -1)
    if not seen then h = with_events(h, { x }, 1) end
    return reply(seen, true, card_aggregates(window, x[6], x[7]), card_history(h, utc_day(x[2]), card_floor_day(wm)))
  end
  live[#live + 1] = x
  kept[#kept + 1] = x
  local window = {}
  for _, e in ipairs(live) do
    if in_window(e[2], x[2], window_ms) then window[#window + 1] = e end
  end
  -- No TTL until the batch is committed (RedisWindowStore.release): a record
  -- redelivered after any outage still finds its transactionId.
  redis.call('SET', keys[1], cmsgpack.pack(kept))
  -- The days outlive the window state by far, and need no pending rule: they only change with it.
  -- Days are dropped by the durable watermark too: a redelivery's steps see back to its floor.
  days = add_to_days(days, utc_day(x[2]), x[3], card_floor_day(durable))
  redis.call('SET', keys[2], cmsgpack.pack(days), 'PX', CARD_DAYS_TTL_MS)
  return reply(false, false, card_aggregates(window, x[6], x[7]), card_history(days, utc_day(x[2]), card_floor_day(wm)))
end

-- KEYS: merchant events (sorted set: transactionId by time), merchant first results (hash:
-- 'count,count 1d,frauds 1d,count 7d,frauds 7d'), merchant meta (hash: 'newest' accepted
-- event time, and 'pending:<partition>' for each partition with an uncommitted batch that
-- touched the merchant), merchant days (hash, see merchant_feedback).
-- ARGV: transactionId, timeMs, watermark ('' for none), windowMs, latenessMs, slackMs, partition.
-- Reply: duplicate, late, count, count 1d, frauds 1d, count 7d, frauds 7d.
local function merchant_window(keys, args)
  local id, t = args[1], tonumber(args[2])
  local wm = watermark_of(args[3])
  local window_ms, lateness_ms, slack_ms = tonumber(args[4]), tonumber(args[5]), tonumber(args[6])
  local newest = tonumber(redis.call('HGET', keys[3], 'newest'))
  -- Other partitions release the merchant too: it keeps no TTL while any has
  -- work uncommitted. Already pending means no release since: no TTL to clear.
  if redis.call('HSET', keys[3], 'pending:' .. args[7], 1) == 1 then
    for i = 1, 3 do redis.call('PERSIST', keys[i]) end
  end
  local cut = newest and (newest - window_ms - lateness_ms - slack_ms) or -math.huge

  local own = tonumber(redis.call('ZSCORE', keys[1], id))
  local duplicate = own ~= nil and own > cut
  local late = is_late(t, wm, lateness_ms)
  -- Events in (t - W, t] that are still live (time > cut).
  local low = math.max(t - window_ms, cut)
  local in_x = 0
  if low < t then in_x = redis.call('ZCOUNT', keys[1], '(' .. string.format('%.17g', low), string.format('%.17g', t)) end

  if duplicate and not late then
    local first = {}
    for value in string.gmatch(redis.call('HGET', keys[2], id), '[^,]+') do first[#first + 1] = tonumber(value) end
    -- Accepted by library version 5, which kept the count alone.
    if #first == 1 then return reply(true, false, first, merchant_feedback(keys[4], utc_day(t))) end
    return reply(true, false, first, {})
  end
  local day = utc_day(t)
  if late then
    return reply(duplicate, true, { in_x + (duplicate and 0 or 1) }, merchant_feedback(keys[4], day))
  end
  if cut > -math.huge then
    local pruned = redis.call('ZRANGEBYSCORE', keys[1], '-inf', string.format('%.17g', cut))
    call_in_chunks('ZREM', keys[1], pruned)
    call_in_chunks('HDEL', keys[2], pruned)
  end
  local count = in_x + 1
  redis.call('ZADD', keys[1], t, id)
  merchant_count_day(keys[4], day)
  local feedback = merchant_feedback(keys[4], day)
  redis.call('HSET', keys[2], id, count .. ',' .. table.concat(feedback, ','))
  redis.call('HSET', keys[3], 'newest', string.format('%.17g', newest and math.max(newest, t) or t))
  return reply(false, false, { count }, feedback)
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

-- Starts the TTL of cards' state once the batch that last touched them is
-- committed: one call for a batch's cards (of one hash slot in a cluster).
-- KEYS: card states. ARGV: ttlMs.
local function release_card(keys, args)
  for _, key in ipairs(keys) do redis.call('PEXPIRE', key, args[1]) end
  return #keys
end

-- Clears a partition's pending mark on merchants once its batch is
-- committed, and starts each one's TTL when no partition has uncommitted work
-- on it. KEYS: merchant_window's three keys per merchant, merchant after
-- merchant. ARGV: ttlMs, partition. Replies with the number whose TTL started.
local function release_merchant(keys, args)
  local pending = 'pending:' .. args[2]
  local released = 0
  for i = 1, #keys, 3 do
    local meta = keys[i + 2]
    redis.call('HDEL', meta, pending)
    local fields = redis.call('HLEN', meta)
    if redis.call('HEXISTS', meta, 'newest') == 1 then fields = fields - 1 end
    if fields == 0 then
      for j = i, i + 2 do redis.call('PEXPIRE', keys[j], args[1]) end
      released = released + 1
    end
  end
  return released
end

-- KEYS: a partition's watermark. ARGV: event time. Keeps the maximum; replies with it.
local function advance_watermark(keys, args)
  local t = tonumber(args[1])
  local current = tonumber(redis.call('GET', keys[1]))
  if current == nil or t > current then
    redis.call('SET', keys[1], string.format('%.17g', t))
    return string.format('%.17g', t)
  end
  return string.format('%.17g', current)
end

local function version()
  return VERSION
end

redis.register_function('fraud_card_window', card_window)
redis.register_function('fraud_merchant_window', merchant_window)
redis.register_function('fraud_merchant_confirm', merchant_confirm)
redis.register_function('fraud_advance_watermark', advance_watermark)
redis.register_function('fraud_release_card', release_card)
redis.register_function('fraud_release_merchant', release_merchant)
redis.register_function{ function_name = 'fraud_features_version', callback = version, flags = { 'no-writes' } }
`;
