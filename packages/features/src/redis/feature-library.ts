/**
 * The Redis Functions library of the online window features: the same steps
 * as `src/reference` (docs/window-features.md), one atomic call per
 * transaction per entity. Bump the version with any change of the source:
 * services load it at start when the loaded one differs.
 */
export const FEATURE_LIBRARY_NAME = 'fraud_features';
export const FEATURE_LIBRARY_VERSION = '5';

export const FEATURE_LIBRARY_SOURCE = String.raw`#!lua name=${FEATURE_LIBRARY_NAME}

local VERSION = '${FEATURE_LIBRARY_VERSION}'
local EARTH_RADIUS_KM = 6371.0088
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

local function reply(duplicate, late, values)
  local out = { duplicate and 1 or 0, late and 1 or 0 }
  for _, v in ipairs(values) do out[#out + 1] = v end
  return out
end

-- KEYS: card state. ARGV: transactionId, timeMs, amountMinor, merchantId, country, lat, lon,
-- watermark ('' for none), windowMs, latenessMs.
-- Reply: duplicate, late, count, sum, max, distinct merchants, distinct countries, max distance (string).
local function card_window(keys, args)
  local x = { args[1], tonumber(args[2]), tonumber(args[3]), args[4], args[5], tonumber(args[6]), tonumber(args[7]) }
  local wm = watermark_of(args[8])
  local window_ms, lateness_ms = tonumber(args[9]), tonumber(args[10])
  local cut = wm and (wm - window_ms - lateness_ms) or -math.huge

  local stored = redis.call('GET', keys[1])
  local live, index = {}, nil
  if stored then
    for _, e in ipairs(cmsgpack.unpack(stored)) do
      if e[2] > cut then
        live[#live + 1] = e
        if e[1] == x[1] then index = #live end
      end
    end
  end
  local duplicate = index ~= nil
  local late = is_late(x[2], wm, lateness_ms)
  -- An uncommitted record depends on this state now: no TTL until its batch
  -- is released. (A write below clears the TTL by itself.)
  if stored and (duplicate or late) then redis.call('PERSIST', keys[1]) end

  if duplicate and not late then
    local first = live[index]
    local window = {}
    for i = 1, index do
      if in_window(live[i][2], first[2], window_ms) then window[#window + 1] = live[i] end
    end
    return reply(true, false, card_aggregates(window, first[6], first[7]))
  end
  if late then
    local window = {}
    for _, e in ipairs(live) do
      if in_window(e[2], x[2], window_ms) then window[#window + 1] = e end
    end
    if not duplicate then window[#window + 1] = x end
    return reply(duplicate, true, card_aggregates(window, x[6], x[7]))
  end
  live[#live + 1] = x
  local window = {}
  for _, e in ipairs(live) do
    if in_window(e[2], x[2], window_ms) then window[#window + 1] = e end
  end
  -- No TTL until the batch is committed (RedisWindowStore.release): a record
  -- redelivered after any outage still finds its transactionId.
  redis.call('SET', keys[1], cmsgpack.pack(live))
  return reply(false, false, card_aggregates(window, x[6], x[7]))
end

-- KEYS: merchant events (sorted set: transactionId by time), merchant first counts (hash),
-- merchant meta (hash: 'newest' accepted event time, and 'pending:<partition>' for each
-- partition with an uncommitted batch that touched the merchant).
-- ARGV: transactionId, timeMs, watermark ('' for none), windowMs, latenessMs, slackMs, partition.
-- Reply: duplicate, late, count.
local function merchant_window(keys, args)
  local id, t = args[1], tonumber(args[2])
  local wm = watermark_of(args[3])
  local window_ms, lateness_ms, slack_ms = tonumber(args[4]), tonumber(args[5]), tonumber(args[6])
  local newest = tonumber(redis.call('HGET', keys[3], 'newest'))
  -- Other partitions release the merchant too: it keeps no TTL while any has
  -- work uncommitted. Already pending means no release since: no TTL to clear.
  if redis.call('HSET', keys[3], 'pending:' .. args[7], 1) == 1 then
    for _, key in ipairs(keys) do redis.call('PERSIST', key) end
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
    return reply(true, false, { tonumber(redis.call('HGET', keys[2], id)) })
  end
  if late then
    return reply(duplicate, true, { in_x + (duplicate and 0 or 1) })
  end
  if cut > -math.huge then
    local pruned = redis.call('ZRANGEBYSCORE', keys[1], '-inf', string.format('%.17g', cut))
    call_in_chunks('ZREM', keys[1], pruned)
    call_in_chunks('HDEL', keys[2], pruned)
  end
  local count = in_x + 1
  redis.call('ZADD', keys[1], t, id)
  redis.call('HSET', keys[2], id, count)
  redis.call('HSET', keys[3], 'newest', string.format('%.17g', newest and math.max(newest, t) or t))
  return reply(false, false, { count })
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
redis.register_function('fraud_advance_watermark', advance_watermark)
redis.register_function('fraud_release_card', release_card)
redis.register_function('fraud_release_merchant', release_merchant)
redis.register_function{ function_name = 'fraud_features_version', callback = version, flags = { 'no-writes' } }
`;
