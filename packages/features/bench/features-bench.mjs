// `npm run bench:features`: the window-feature library on a real local Redis
// (docs/window-features.md). Prints one JSON document with
// - `ceiling`: transactions/s through the engine's window state with no
//   transport (`OnlineWindows`, as the service drives it): a batch at a time
//   per partition, partitions concurrent, each batch stepped (cards in
//   memory and written once each, `fraud_card_put_many`; each merchant's
//   transactions atomically, `fraud_merchant_batches`) and settled (watermark,
//   release); with Redis' and this process' CPU over the run, per
//   transaction, and the Redis time per call of each function from a SLOWLOG
//   sample after it;
// - `ceiling.cluster`: the simulator stream's ceiling with the state on a
//   local Redis Cluster of 3 primaries, on one Redis, and on one node in
//   cluster mode, in turn, BENCH_CLUSTER_ROUNDS times: Redis CPU per
//   transaction over the primaries against one node's (median of the rounds'
//   ratios), what cluster mode alone costs, and each primary's share;
// - `memory.card`: `MEMORY USAGE` of card keys holding exactly 6 events in
//   the window (UUID ids, 64-hex tokens, real coordinates), and the
//   `used_memory` growth per card;
// - `memory.merchant`: the keys of one hot merchant with
//   BENCH_MERCHANT_EVENTS events in its window;
// - `service`: the feature-engine service end to end on Kafka
//   (services/feature-engine/bench/service-bench.mjs): sustained rate over a
//   backlog from the producer, and append-to-append latency at a fixed rate
//   after a warm-up (whose own figures are reported beside);
// - `targets`: issue 5's and issue 18's targets, met or not.
//
// The ceiling's stream is synthetic and denser per card than the simulator's
// (about 1 event per card window): every card averages BENCH_EVENTS_PER_WINDOW
// events per 10 minutes of event time, and BENCH_HOT_SHARE of transactions go
// to BENCH_HOT_MERCHANTS hot merchants (so a card's window at one of its
// transactions holds it and about 6 more). Its first window of event time is
// a warm-up (state fills up, the JIT settles) and is not timed.
//
// Options (environment): BENCH_CARDS=20000  BENCH_EVENTS_PER_WINDOW=6
// BENCH_MERCHANTS=5000  BENCH_HOT_MERCHANTS=10  BENCH_HOT_SHARE=0.1
// BENCH_TRANSACTIONS=200000 (timed, after the warm-up)  BENCH_PARTITIONS=4
// BENCH_BATCH=500  BENCH_MEMORY_CARDS=20000  BENCH_MERCHANT_EVENTS=10000
// BENCH_SEED=1  BENCH_CLUSTER_ROUNDS=3  BENCH_SERVICE_TRANSACTIONS=100000  BENCH_LATENCY_RATE=1000
// BENCH_LATENCY_SECONDS=20  BENCH_LATENCY_WARMUP_SECONDS=5
import { createHash, createHmac, createSecretKey, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

import {
  cardStep,
  encodeCardState,
  DEFAULT_WINDOW_CONFIG,
  EMPTY_CARD_STATE,
  FeatureKeys,
  loadFeatureLibrary,
  OnlineWindows,
  RedisWindowStore,
} from '@fraud/features';
import { simulate, simulationConfig } from '@fraud/simulator';
import { startInfraStack, startLocalRedis, startLocalRedisCluster } from '@fraud/testing';
import { Cluster, Redis } from 'ioredis';

import { benchFeatureEngine } from '../../../services/feature-engine/bench/service-bench.mjs';

const cards = Number(process.env.BENCH_CARDS ?? 20_000);
const eventsPerWindow = Number(process.env.BENCH_EVENTS_PER_WINDOW ?? 6);
const merchants = Number(process.env.BENCH_MERCHANTS ?? 5_000);
const hotMerchants = Number(process.env.BENCH_HOT_MERCHANTS ?? 10);
const hotShare = Number(process.env.BENCH_HOT_SHARE ?? 0.1);
const timedTransactions = Number(process.env.BENCH_TRANSACTIONS ?? 200_000);
const partitions = Number(process.env.BENCH_PARTITIONS ?? 4);
const batchSize = Number(process.env.BENCH_BATCH ?? 500);
const memoryCards = Number(process.env.BENCH_MEMORY_CARDS ?? 20_000);
const merchantEvents = Number(process.env.BENCH_MERCHANT_EVENTS ?? 10_000);
const seed = Number(process.env.BENCH_SEED ?? 1);

const config = DEFAULT_WINDOW_CONFIG;
const STREAM = 'transactions';
const CARD_BYTES_TARGET = 1024;
const START_MS = Date.parse('2026-03-01T12:00:00.000Z');
const CITIES = [
  { lat: 38.7223, lon: -9.1393, country: 'PT' },
  { lat: 41.1579, lon: -8.6291, country: 'PT' },
  { lat: 40.4168, lon: -3.7038, country: 'ES' },
  { lat: 41.3874, lon: 2.1686, country: 'ES' },
  { lat: 48.8566, lon: 2.3522, country: 'FR' },
  { lat: 45.764, lon: 4.8357, country: 'FR' },
  { lat: 51.5074, lon: -0.1278, country: 'GB' },
  { lat: 52.52, lon: 13.405, country: 'DE' },
  { lat: 48.1351, lon: 11.582, country: 'DE' },
  { lat: 41.9028, lon: 12.4964, country: 'IT' },
  { lat: 52.3676, lon: 4.9041, country: 'NL' },
  { lat: 40.7128, lon: -74.006, country: 'US' },
  { lat: 34.0522, lon: -118.2437, country: 'US' },
  { lat: -23.5505, lon: -46.6333, country: 'BR' },
  { lat: 35.6762, lon: 139.6503, country: 'JP' },
  { lat: -33.8688, lon: 151.2093, country: 'AU' },
];

/** mulberry32: the same stream shape on every run, so runs compare. */
function seededRandom(value) {
  let state = value >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cardToken = (index) => createHash('sha256').update(`bench-card-${index}`).digest('hex');
const merchantId = (index) => `merchant-${String(index).padStart(5, '0')}`;

/** A point within a few km of a city, with every digit a real coordinate has. */
function near(city, random) {
  return { lat: city.lat + (random() - 0.5) * 0.1, lon: city.lon + (random() - 0.5) * 0.1, country: city.country };
}

/**
 * The ceiling's transactions in event-time order: Poisson arrivals at
 * `cards × eventsPerWindow` per window, each card (and so its partition)
 * drawn at random, shopping around its home city (abroad one time in fifty).
 */
function syntheticStream(total) {
  const random = seededRandom(seed);
  const homes = Array.from({ length: cards }, (_, i) => ({
    token: cardToken(i),
    city: CITIES[i % CITIES.length],
    partition: i % partitions,
  }));
  const meanGapMs = config.windowMs / (cards * eventsPerWindow);
  const records = [];
  let timeMs = START_MS;
  for (let n = 0; n < total; n++) {
    timeMs += -Math.log(1 - random()) * meanGapMs;
    const card = homes[Math.floor(random() * cards)];
    const city = random() < 0.02 ? CITIES[Math.floor(random() * CITIES.length)] : card.city;
    const merchant =
      random() < hotShare
        ? Math.floor(random() * hotMerchants)
        : hotMerchants + Math.floor(random() * (merchants - hotMerchants));
    records.push({
      partition: card.partition,
      cardToken: card.token,
      transactionId: randomUUID(),
      timeMs: Math.round(timeMs),
      amountMinor: 100 + Math.floor(random() * 49_900),
      merchantId: merchantId(merchant),
      ...near(city, random),
    });
  }
  return records;
}

/** Each partition's records, in stream order. */
function byPartition(records) {
  const lists = Array.from({ length: partitions }, () => []);
  for (const record of records) lists[record.partition].push(record);
  return lists;
}

/** A bench record as the engine receives it: a transaction. */
function transactionOf(record) {
  return {
    transactionId: record.transactionId,
    cardToken: record.cardToken,
    merchantId: record.merchantId,
    timestamp: new Date(record.timeMs).toISOString(),
    amountMinor: record.amountMinor,
    location: { country: record.country, lat: record.lat, lon: record.lon },
  };
}

/** The engine's window state over `store`, as the service configures it. */
function engineWindows(store) {
  return new OnlineWindows(store, { cachedCards: 200_000, partitionIdleMs: 900_000 });
}

/**
 * One partition's records, a batch at a time, as the engine drives its
 * window state: the batch stepped, then settled as before a commit.
 */
async function playPartition(windows, partition, records, tally) {
  for (let i = 0; i < records.length; i += batchSize) {
    const batch = records.slice(i, i + batchSize).map((record, k) => ({
      transaction: record.transaction ?? transactionOf(record),
      position: String(i + k),
    }));
    const stepped = await windows.step(STREAM, partition, batch);
    tally(stepped.steps);
    await windows.settle(STREAM, partition, batch, stepped);
  }
}

/** Counts the steps; the stream is in order without duplicates, so any duplicate or late step is a bug. */
function newTally() {
  const tally = { card: { steps: 0, countSum: 0 }, merchant: { steps: 0, countSum: 0, countMax: 0 } };
  const add = (steps) => {
    for (const { card, merchant } of steps) {
      if (card.duplicate || card.late || merchant.duplicate || merchant.late) {
        throw new Error(`unexpected duplicate or late step: ${JSON.stringify({ card, merchant })}`);
      }
      tally.card.steps++;
      tally.card.countSum += card.aggregates.count;
      tally.merchant.steps++;
      tally.merchant.countSum += merchant.count;
      if (merchant.count > tally.merchant.countMax) tally.merchant.countMax = merchant.count;
    }
  };
  return { tally, add };
}

async function redisInfo(redis, section) {
  const fields = {};
  for (const line of (await redis.info(section)).split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) fields[line.slice(0, at)] = line.slice(at + 1);
  }
  return fields;
}

async function redisCpuSeconds(redis) {
  const cpu = await redisInfo(redis, 'cpu');
  return Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys);
}

const usedMemory = async (redis) => Number((await redisInfo(redis, 'memory')).used_memory);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function playAll(windows, lists) {
  const { tally, add } = newTally();
  await Promise.all(lists.map((records, partition) => playPartition(windows, String(partition), records, add)));
  return tally;
}

/**
 * The stream the service bench feeds the engine: the simulator's world of
 * `cards` customers, about one event per card window, as the producer
 * publishes it (card token = HMAC of the PAN, partition by token).
 */
function simulatorStream(total) {
  const key = createSecretKey(Buffer.from('bench-hmac-key-0123456789abcdef-0123456789'));
  const records = [];
  for (const { transaction, pan } of simulate(simulationConfig({ seed, customers: cards }), 3650)) {
    const token = createHmac('sha256', key).update(pan).digest('hex');
    records.push({
      partition: Number.parseInt(token.slice(0, 8), 16) % partitions,
      cardToken: token,
      transactionId: transaction.transactionId,
      timeMs: Date.parse(transaction.timestamp),
      amountMinor: transaction.amountMinor,
      merchantId: transaction.merchantId,
      country: transaction.location.country,
      lat: transaction.location.lat,
      lon: transaction.location.lon,
    });
    if (records.length >= total) break;
  }
  return records;
}

async function measureCeiling(redis, kind) {
  const keys = new FeatureKeys(`bench:ceiling-${kind}:`);
  const store = new RedisWindowStore(redis, config, keys);
  const windows = engineWindows(store);
  const warmup = kind === 'dense' ? cards * eventsPerWindow : cards;
  const profiled = partitions * batchSize;
  const total = warmup + timedTransactions + profiled;
  const stream = (kind === 'dense' ? syntheticStream(total) : simulatorStream(total)).map((record) => ({
    ...record,
    transaction: transactionOf(record),
  }));
  await playAll(windows, byPartition(stream.slice(0, warmup)));

  await redis.config('RESETSTAT');
  const redisCpuBefore = await redisCpuSeconds(redis);
  const ownCpuBefore = process.cpuUsage();
  const start = performance.now();
  const tally = await playAll(windows, byPartition(stream.slice(warmup, warmup + timedTransactions)));
  const seconds = (performance.now() - start) / 1000;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const redisCpu = (await redisCpuSeconds(redis)) - redisCpuBefore;
  const commands = commandCosts(await redisInfo(redis, 'commandstats'), timedTransactions);

  return {
    transactions: timedTransactions,
    seconds: round(seconds),
    transactionsPerSecond: Math.round(timedTransactions / seconds),
    partitions,
    batch: batchSize,
    stream: {
      kind,
      cards,
      ...(kind === 'dense' ? { merchants, hotMerchants, hotShare } : {}),
      warmupTransactions: warmup,
      meanCardWindowCount: round(tally.card.countSum / tally.card.steps),
      meanMerchantWindowCount: round(tally.merchant.countSum / tally.merchant.steps),
      maxMerchantWindowCount: tally.merchant.countMax,
    },
    // Shares of one core over the timed run: Redis executes commands on one thread.
    redisCpuShare: round(redisCpu / seconds),
    benchProcessCpuShare: round((ownCpu.user + ownCpu.system) / 1e6 / seconds),
    cpuMicrosPerTransaction: {
      redis: round((redisCpu * 1e6) / timedTransactions),
      engine: round((ownCpu.user + ownCpu.system) / timedTransactions),
    },
    // Calls: per batch the watermarks, each card's write (and read when not cached), each merchant's
    // batch call, and the watermark and release calls before a commit.
    perTransaction: commands,
    functionMicrosPerCall: await profileFunctions(redis, windows, stream.slice(warmup + timedTransactions)),
  };
}

/** A cluster client over the local cluster's primaries, as the engine's. */
function clusterClient(cluster) {
  return new Cluster(
    cluster.endpoints.redisClusterNodes.map((url) => ({
      host: new URL(url).hostname,
      port: Number(new URL(url).port),
    })),
    { enableAutoPipelining: true },
  );
}

/**
 * The simulator stream's ceiling on `client` from an empty keyspace (the
 * library kept): its cards' first transactions as a warm-up, then
 * BENCH_TRANSACTIONS timed; Redis CPU per transaction summed over `nodes`,
 * and each node's share of it.
 */
async function simulatorRedisCpu(client, nodes, stream) {
  await Promise.all(nodes.map((node) => node.flushall()));
  const windows = engineWindows(new RedisWindowStore(client, config, new FeatureKeys('bench:cluster:')));
  await playAll(windows, byPartition(stream.slice(0, cards)));
  const cpuBefore = await Promise.all(nodes.map(redisCpuSeconds));
  const start = performance.now();
  await playAll(windows, byPartition(stream.slice(cards)));
  const seconds = (performance.now() - start) / 1000;
  const perNode = (await Promise.all(nodes.map(redisCpuSeconds))).map((cpu, i) => cpu - (cpuBefore[i] ?? 0));
  const redisCpu = perNode.reduce((sum, cpu) => sum + cpu, 0);
  return {
    transactionsPerSecond: Math.round(timedTransactions / seconds),
    redisMicros: round((redisCpu * 1e6) / timedTransactions),
    shares: perNode.map((cpu) => round(cpu / redisCpu, 3)),
  };
}

const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/**
 * Redis CPU per transaction of the simulator stream with its state on a
 * local Redis Cluster of 3 primaries (the engine groups each batch's
 * entities by the primary serving them) against one Redis, and on one node
 * in cluster mode holding every slot (what cluster mode itself costs a node:
 * it checks the slot of every command a function runs). The three run in
 * turn, BENCH_CLUSTER_ROUNDS times, and the ratios are per round (this
 * machine's speed drifts between minutes): their medians are the figures.
 */
async function measureCluster(redis) {
  const rounds = Number(process.env.BENCH_CLUSTER_ROUNDS ?? 3);
  const three = await startLocalRedisCluster();
  const one = await startLocalRedisCluster({ primaries: 1 });
  const threeClient = clusterClient(three);
  const oneClient = clusterClient(one);
  try {
    await loadFeatureLibrary(threeClient);
    await loadFeatureLibrary(oneClient);
    const primaries = threeClient.nodes('master');
    const stream = simulatorStream(cards + timedTransactions).map((record) => ({
      ...record,
      transaction: transactionOf(record),
    }));
    const runs = [];
    for (let run = 0; run < rounds; run++) {
      const oneNode = await simulatorRedisCpu(redis, [redis], stream);
      const cluster = await simulatorRedisCpu(threeClient, primaries, stream);
      const clusterModeOneNode = await simulatorRedisCpu(oneClient, oneClient.nodes('master'), stream);
      runs.push({
        redisMicrosPerTransaction: {
          oneNode: oneNode.redisMicros,
          cluster: cluster.redisMicros,
          clusterModeOneNode: clusterModeOneNode.redisMicros,
        },
        transactionsPerSecond: { oneNode: oneNode.transactionsPerSecond, cluster: cluster.transactionsPerSecond },
        clusterToOneNode: round(cluster.redisMicros / oneNode.redisMicros),
        clusterModeOneNodeToOneNode: round(clusterModeOneNode.redisMicros / oneNode.redisMicros),
        primaryShares: cluster.shares,
        // The largest gap from an even share (1/primaries).
        largestGapFromEven: round(
          Math.max(...cluster.shares.map((share) => Math.abs(share * cluster.shares.length - 1))),
          3,
        ),
      });
    }
    return {
      primaries: primaries.length,
      transactions: timedTransactions,
      rounds: runs,
      redisCpuToOneNode: median(runs.map((run) => run.clusterToOneNode)),
      clusterModeOneNodeToOneNode: median(runs.map((run) => run.clusterModeOneNodeToOneNode)),
      largestGapFromEven: Math.max(...runs.map((run) => run.largestGapFromEven)),
    };
  } finally {
    threeClient.disconnect();
    oneClient.disconnect();
    await Promise.all([three.stop(), one.stop()]);
  }
}

/**
 * Calls and Redis time per transaction from INFO commandstats: FCALL's time
 * includes the commands its functions call, which commandstats also counts,
 * so what FCALL spends beyond them is Lua's: its own work (arguments,
 * MessagePack, aggregates) and each redis.call's crossing into Redis and back.
 */
function commandCosts(stats, transactions) {
  const perCommand = Object.entries(stats)
    .map(([field, value]) => {
      const [, calls, usec] = /calls=(\d+),usec=(\d+)/.exec(value) ?? [];
      return { command: field.replace(/^cmdstat_/, ''), calls: Number(calls), usec: Number(usec) };
    })
    .filter(({ command, calls }) => calls > 0 && command !== 'info' && !command.startsWith('config'))
    .sort((a, b) => b.usec - a.usec);
  const fcall = perCommand.find(({ command }) => command === 'fcall') ?? { calls: 0, usec: 0 };
  // The top-level commands (watermark reads, card reads) are counted with the functions' own.
  const called = perCommand.filter(({ command }) => command !== 'fcall');
  const calledUsec = called.reduce((sum, { usec }) => sum + usec, 0);
  return {
    fcalls: round(fcall.calls / transactions),
    fcallMicros: round(fcall.usec / transactions),
    luaMicros: round((fcall.usec - calledUsec) / transactions),
    calledCommands: Object.fromEntries(
      called.map(({ command, calls, usec }) => [
        command,
        { calls: round(calls / transactions), micros: round(usec / transactions) },
      ]),
    ),
  };
}

/**
 * Redis time per call of each function, from SLOWLOG logging every command
 * while the stream goes on for one more batch per partition. Logging
 * everything slows Redis, so it stays off while timing. The log also holds
 * the commands the functions call, about 25 per transaction.
 */
async function profileFunctions(redis, windows, records) {
  const capacity = 64 * records.length;
  await redis.config('SET', 'slowlog-max-len', String(capacity));
  await redis.slowlog('RESET');
  await redis.config('SET', 'slowlog-log-slower-than', '0');
  try {
    await playAll(windows, byPartition(records));
  } finally {
    await redis.config('SET', 'slowlog-log-slower-than', '10000');
  }
  const entries = await redis.slowlog('GET', -1);
  if (entries.length >= capacity) throw new Error(`SLOWLOG filled up (${capacity} entries): raise its length`);
  const byFunction = {};
  for (const [, , micros, args] of entries) {
    if (String(args[0]).toLowerCase() !== 'fcall') continue;
    const entry = (byFunction[args[1]] ??= { calls: 0, micros: 0 });
    entry.calls++;
    entry.micros += micros;
  }
  await redis.slowlog('RESET');
  return Object.fromEntries(
    Object.entries(byFunction).map(([name, { calls, micros }]) => [name, { calls, meanMicros: round(micros / calls) }]),
  );
}

function distribution(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: Math.round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  };
}

/** Sends `commands` (arrays of arguments) in pipelines of 1,000 and returns the replies. */
async function pipelined(redis, commands) {
  const replies = [];
  for (let i = 0; i < commands.length; i += 1000) {
    const results = await redis.pipeline(commands.slice(i, i + 1000)).exec();
    for (const [error, reply] of results) {
      if (error) throw error;
      replies.push(reply);
    }
  }
  return replies;
}

/**
 * `memoryCards` cards, each with exactly 6 events one minute apart (all in
 * one window), stepped by the reference's `cardStep` as the engine steps
 * them, written as it writes them, and released as after a commit (so they
 * carry their TTL). MEMORY USAGE counts a key with its value; the growth of
 * used_memory also counts the dictionary and expiry entries.
 */
async function measureCardMemory(redis) {
  const keys = new FeatureKeys('bench:memory:');
  const store = new RedisWindowStore(redis, config, keys);
  const random = seededRandom(seed + 1);
  const owners = Array.from({ length: memoryCards }, (_, i) => ({
    cardToken: cardToken(cards + i),
    city: CITIES[i % CITIES.length],
    state: EMPTY_CARD_STATE,
    version: '',
    count: 0,
  }));
  const before = await usedMemory(redis);
  for (let minute = 0; minute < 6; minute++) {
    const timeMs = START_MS + minute * 60_000;
    const watermark = minute === 0 ? undefined : timeMs - 60_000;
    for (const owner of owners) {
      const x = {
        transactionId: randomUUID(),
        timeMs,
        amountMinor: 100 + Math.floor(random() * 49_900),
        merchantId: merchantId(hotMerchants + Math.floor(random() * (merchants - hotMerchants))),
        ...near(owner.city, random),
      };
      const { state, result } = cardStep(owner.state, x, watermark, config, watermark);
      owner.state = state;
      owner.count = result.aggregates.count;
    }
    for (let i = 0; i < owners.length; i += batchSize) {
      const batch = owners.slice(i, i + batchSize);
      const writes = batch.map((owner) => ({
        cardToken: owner.cardToken,
        readVersion: owner.version,
        state: encodeCardState(owner.state, `bench.${minute}`),
      }));
      const refused = await store.putCards(writes);
      if (refused.length > 0) throw new Error(`${refused.length} card writes refused`);
      for (const owner of batch) owner.version = `bench.${minute}`;
      await store.release(
        'memory',
        batch.map((owner) => ({ cardToken: owner.cardToken, merchantId: 'none' })),
      );
    }
  }
  const notSix = owners.filter((owner) => owner.count !== 6).length;
  if (notSix > 0) throw new Error(`${notSix} cards do not hold 6 events in their window`);
  const after = await usedMemory(redis);
  // A card is its window state and its days (one day here) together.
  const sum = (replies) => replies.flatMap((reply, i) => (i % 2 === 0 ? [reply + replies[i + 1]] : []));
  const bytes = sum(
    await pipelined(
      redis,
      owners.flatMap((owner) => [
        ['memory', 'usage', keys.card(owner.cardToken)],
        ['memory', 'usage', keys.cardDays(owner.cardToken)],
      ]),
    ),
  );
  const valueBytes = sum(
    await pipelined(
      redis,
      owners.flatMap((owner) => [
        ['strlen', keys.card(owner.cardToken)],
        ['strlen', keys.cardDays(owner.cardToken)],
      ]),
    ),
  );
  const usage = distribution(bytes);
  const usedMemoryPerCard = Math.round((after - before) / memoryCards);
  return {
    cards: memoryCards,
    eventsPerCard: 6,
    memoryUsageBytes: usage,
    valueBytes: distribution(valueBytes),
    usedMemoryPerCard,
    targetBytes: CARD_BYTES_TARGET,
    meetsTarget: usage.max <= CARD_BYTES_TARGET && usedMemoryPerCard <= CARD_BYTES_TARGET,
  };
}

/** One hot merchant with `merchantEvents` events spread over one window, then released. */
async function measureMerchantMemory(redis) {
  const keys = new FeatureKeys('bench:memory:');
  const store = new RedisWindowStore(redis, config, keys);
  const merchant = merchantId(42);
  const before = await usedMemory(redis);
  const spacingMs = config.windowMs / merchantEvents;
  let count = 0;
  for (let i = 0; i < merchantEvents; i += 1000) {
    const steps = Array.from({ length: Math.min(1000, merchantEvents - i) }, (_, k) => {
      const n = i + k;
      return {
        transactionId: randomUUID(),
        timeMs: START_MS + Math.floor(n * spacingMs),
        watermarkMs: n === 0 ? undefined : START_MS + Math.floor((n - 1) * spacingMs),
      };
    });
    const [stepped] = await store.merchantSteps([{ merchantId: merchant, steps }], '0', undefined);
    count = stepped.at(-1).count;
  }
  if (count !== merchantEvents) throw new Error(`the merchant window holds ${count} events, not ${merchantEvents}`);
  await store.release('0', [{ cardToken: cardToken(0), merchantId: merchant }]);
  const after = await usedMemory(redis);
  const perKey = {};
  let total = 0;
  for (const [name, key] of [
    ['eventsSortedSet', keys.merchantEvents(merchant)],
    ['firstCountsHash', keys.merchantFirstCounts(merchant)],
    ['metaHash', keys.merchantMeta(merchant)],
  ]) {
    // SAMPLES 0: every element, not an estimate from five.
    const bytes = await redis.memory('USAGE', key, 'SAMPLES', 0);
    perKey[name] = { bytes, encoding: await redis.object('ENCODING', key) };
    total += bytes;
  }
  return {
    eventsInWindow: merchantEvents,
    memoryUsageBytes: total,
    bytesPerEvent: Math.round(total / merchantEvents),
    usedMemoryGrowth: after - before,
    keys: perKey,
  };
}

// Other work on the machine takes CPU from Redis and this process: the load before starting says how quiet it was.
const loadAverage1m = round(loadavg()[0]);
const redisServer = await startLocalRedis();
const redis = new Redis(redisServer.endpoints.redisUrl);
let report;
try {
  await loadFeatureLibrary(redis);
  const redisVersion = (await redisInfo(redis, 'server')).redis_version;
  // The simulator's stream is the service's input (the ratio below); the dense one is a harder case.
  const ceiling = { simulator: await measureCeiling(redis, 'simulator'), dense: await measureCeiling(redis, 'dense') };
  // FLUSHALL keeps the function library; each memory figure starts from an empty keyspace.
  await redis.flushall();
  const card = await measureCardMemory(redis);
  await redis.flushall();
  const merchant = await measureMerchantMemory(redis);
  report = {
    benchmark: 'features',
    machine: { cpus: cpus().length, node: process.version, redis: redisVersion, loadAverage1m },
    ceiling: { ...ceiling, cluster: await measureCluster(redis) },
    memory: { card, merchant },
  };
} finally {
  redis.disconnect();
  await redisServer.stop();
}
// The service on Kafka, on a full local stack, after the Redis-only figures (so they do not share the CPU).
const stack = await startInfraStack({ mode: 'local' });
try {
  report.service = await benchFeatureEngine(stack, {
    count: Number(process.env.BENCH_SERVICE_TRANSACTIONS ?? 100_000),
    latencyRate: Number(process.env.BENCH_LATENCY_RATE ?? 1_000),
    latencySeconds: Number(process.env.BENCH_LATENCY_SECONDS ?? 20),
    latencyWarmupSeconds: Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 5),
  });
} finally {
  await stack.stop();
}
const serviceRate = report.service.sustained.perSecond;
report.targets = {
  serviceAtLeast4000: serviceRate >= 4_000,
  serviceShareOfCeiling: round(serviceRate / report.ceiling.simulator.transactionsPerSecond),
  serviceAtLeast60PercentOfCeiling: serviceRate >= 0.6 * report.ceiling.simulator.transactionsPerSecond,
  p99AtMost50Ms: report.service.latency.p99Ms <= 50,
  // Issue 18's target for features emitted at once.
  p99AtMost20Ms: report.service.latency.p99Ms <= 20,
  clusterRedisCpuAtMost1_1xOneNode: report.ceiling.cluster.redisCpuToOneNode <= 1.1,
  clusterPrimariesWithin20PercentOfEven: report.ceiling.cluster.largestGapFromEven <= 0.2,
  cardAtMost1KB: report.memory.card.memoryUsageBytes.max <= CARD_BYTES_TARGET,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
