// The feature engine end to end on Kafka (consume, Redis, publish), for
// `npm run bench:features`: the highest sustained rate over a backlog, and
// consume-to-publish latency at a fixed rate. The real service process, fed
// by the real producer (simulate mode), on the given local stack.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { freePort, metricSample, readStream, runServiceToExit, startServiceProcess, waitUntil } from '@fraud/testing';
import { Redis } from 'ioredis';

const featureEngine = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const producer = fileURLToPath(new URL('../../producer/dist/main.js', import.meta.url));

function baseEnv(stackEnv, prefix) {
  return {
    PATH: process.env.PATH,
    ...stackEnv,
    TRANSPORT: 'kafka',
    STREAM_PREFIX: prefix,
    CREATE_STREAMS: 'true',
    STREAM_PARTITIONS: '4',
    LOG_LEVEL: 'warn',
  };
}

async function produce(env, args) {
  const run = await runServiceToExit({
    entry: producer,
    args: ['simulate', '--no-labels', '--customers', '20000', ...args],
    env: {
      ...env,
      LOG_LEVEL: 'info',
      PAN_HMAC_KEY: 'bench-hmac-key-0123456789abcdef-0123456789',
      INGEST_API_KEYS: 'bench-ingest-key-0123456789',
      HTTP_PORT: String(await freePort()),
    },
    timeoutMs: 600_000,
  });
  if (run.code !== 0) throw new Error(`producer exited ${run.code ?? run.signal}:\n${run.stdout}${run.stderr}`);
}

async function vectors(service) {
  return metricSample(service.baseUrl, 'feature_engine_feature_vectors_total');
}

/** CPU seconds so far of the service process and of Redis, to report them per transaction. */
async function cpuSeconds(service, redis) {
  const info = await redis.info('cpu');
  const redisCpu = ['used_cpu_sys', 'used_cpu_user']
    .map((field) => Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0))
    .reduce((a, b) => a + b, 0);
  return { service: await metricSample(service.baseUrl, 'process_cpu_seconds_total'), redis: redisCpu };
}

/** A backlog of `count` transactions, then the engine started: vectors per second between 10% and 90% done. */
async function sustainedRate(stackEnv, infra, count) {
  const env = baseEnv(stackEnv, `bench-fe-${randomBytes(3).toString('hex')}-`);
  await produce(env, ['--rate', 'max', '--count', String(count)]);
  const service = await startServiceProcess({ entry: featureEngine, env, readyTimeoutMs: 60_000 });
  const redis = new Redis(infra.redisUrl);
  try {
    // Rate and CPU over the span from 10% to 90% done.
    let from;
    let to;
    while (to === undefined) {
      const done = await vectors(service);
      if (from === undefined && done >= count * 0.1) {
        from = { at: performance.now(), done, cpu: await cpuSeconds(service, redis) };
      } else if (from !== undefined && done >= count * 0.9) {
        to = { at: performance.now(), done, cpu: await cpuSeconds(service, redis) };
      } else await sleep(100);
    }
    const handled = to.done - from.done;
    const perThousand = (key) => Math.round(((to.cpu[key] - from.cpu[key]) / handled) * 1000 * 1000) / 1000;
    return {
      transactions: count,
      perSecond: Math.round(handled / ((to.at - from.at) / 1000)),
      // Where the machine's time goes: CPU seconds per 1,000 transactions.
      cpuSecondsPerThousand: { service: perThousand('service'), redis: perThousand('redis') },
    };
  } finally {
    redis.disconnect();
    await service.stop();
  }
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    transactions: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1],
  };
}

/**
 * The engine running, the producer at `rate` for `warmupSeconds + seconds`:
 * append of each input to append of its vector. The figures are those of the
 * inputs after the warm-up; the warm-up's own are reported beside them (the
 * first fetch, the first publish's metadata and the JIT cost ~100 ms for the
 * first few hundred milliseconds of a fresh process, a one-off).
 */
async function latencyAt(stackEnv, infra, rate, seconds, warmupSeconds) {
  const prefix = `bench-fe-${randomBytes(3).toString('hex')}-`;
  const env = baseEnv(stackEnv, prefix);
  const names = [`${prefix}transactions`, 'transactions'];
  const service = await startServiceProcess({ entry: featureEngine, env, readyTimeoutMs: 60_000 });
  try {
    // The transport's histograms as the warm-up ends, to take the measured seconds' own from the final ones.
    const afterWarmup = sleep(warmupSeconds * 1000).then(() => transportBuckets(service, names));
    await produce(env, ['--rate', String(rate), '--duration', String(warmupSeconds + seconds)]);
    const inputs = await readStream('kafka', infra, `${prefix}transactions`);
    await waitUntil(async () => (await vectors(service)) >= inputs.length, {
      description: 'every vector',
      timeoutMs: 60_000,
    });
    const appended = new Map(inputs.map((r) => [JSON.parse(r.value.toString('utf8')).transactionId, r.timestamp]));
    const measuredFrom = Math.min(...inputs.map((r) => r.timestamp.getTime())) + warmupSeconds * 1000;
    const warmup = [];
    const measured = [];
    for (const output of await readStream('kafka', infra, `${prefix}transaction-features`)) {
      const sent = appended.get(JSON.parse(output.value.toString('utf8')).transactionId).getTime();
      (sent < measuredFrom ? warmup : measured).push(output.timestamp.getTime() - sent);
    }
    return {
      ratePerSecond: rate,
      seconds,
      ...summary(measured),
      warmup: { seconds: warmupSeconds, ...summary(warmup) },
      // After the warm-up, where the time goes: records waiting to be handled (from their append, so the
      // producer's send and the fetch included), and the service's own time per record's batch.
      ...p99Bounds(await afterWarmup, await transportBuckets(service, names)),
    };
  } finally {
    await service.stop();
  }
}

/** The transport's wait and handler-time histograms of the stream (its name, prefixed or not): cumulative count per bucket bound. */
async function transportBuckets(service, names) {
  const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
  const buckets = (metric) =>
    new Map(
      [...text.matchAll(new RegExp(`^${metric}_bucket\\{(.*)\\} (\\d+)`, 'gm'))]
        .filter(([, labels]) => names.some((name) => labels.includes(`stream="${name}"`)))
        .map(([, labels, count]) => [/le="([^"]+)"/.exec(labels)?.[1], Number(count)]),
    );
  return { wait: buckets('transport_record_wait_seconds'), handler: buckets('transport_handler_seconds') };
}

function p99Bounds(before, after) {
  return {
    waitP99AtMostMs: p99Bound(before.wait, after.wait),
    handlerP99AtMostMs: p99Bound(before.handler, after.handler),
  };
}

/** The smallest bucket bound, in ms, holding 99% of the records counted between two snapshots (null: above every bound). */
function p99Bound(before, after) {
  const counts = [...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)]);
  const total = counts.find(([le]) => le === '+Inf')?.[1] ?? 0;
  const bound = counts.find(([, count]) => count >= 0.99 * total)?.[0];
  return bound === undefined || bound === '+Inf' ? null : Number(bound) * 1000;
}

/** Both measurements on a running local stack (`startInfraStack`): its `env` and `endpoints`. */
export async function benchFeatureEngine(stack, options = {}) {
  const count = options.count ?? 100_000;
  const rate = options.latencyRate ?? 1_000;
  const seconds = options.latencySeconds ?? 20;
  const warmupSeconds = options.latencyWarmupSeconds ?? 5;
  return {
    transport: 'kafka',
    sustained: await sustainedRate(stack.env, stack.endpoints, count),
    latency: await latencyAt(stack.env, stack.endpoints, rate, seconds, warmupSeconds),
  };
}
