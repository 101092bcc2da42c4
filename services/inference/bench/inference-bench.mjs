// `npm run bench:inference`: the inference service end to end on Kafka
// (consume `transaction-features`, Redis, InvokeEndpoint through the AWS SDK
// to the real model endpoint, publish `fraud-scores`), on a local stack it
// starts and stops. Prints one JSON document with
// - `sustained`: the highest sustained rate over a backlog: scores published
//   per second between 10% and 90% of it, with the rows per endpoint call;
// - `latency`: at a fixed rate, append of each feature record to append of
//   its score (Kafka delivery, then what the service adds: score, publish),
//   after a warm-up whose own figures are reported beside them; and
//   `latency.service`, the service's own consume-to-publish time (its
//   `inference_consume_to_publish_seconds` histogram, bucket bounds);
// - `targets`: issue 6's targets, met or not.
// The feature records are the simulator's transactions through the offline
// reference of the window features (what the feature engine emits), published
// by this process, so the figures are the inference service's alone.
//
// Options (environment): BENCH_TRANSACTIONS=60000 (backlog)  BENCH_LATENCY_RATE=1000
// BENCH_LATENCY_SECONDS=20  BENCH_LATENCY_WARMUP_SECONDS=5  BENCH_PARTITIONS=4  BENCH_SEED=1
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { createLogger } from '@fraud/observability';
import { ReferenceFeatureEngine } from '@fraud/features';
import { simulate, simulationConfig } from '@fraud/simulator';
import { readStream, startInfraStack, startServiceProcess, waitUntil } from '@fraud/testing';
import { createTransport, TransportMetrics } from '@fraud/transport';

const inference = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const modelEndpoint = fileURLToPath(new URL('../../model-endpoint/dist/main.js', import.meta.url));

const backlog = Number(process.env.BENCH_TRANSACTIONS ?? 60_000);
const rate = Number(process.env.BENCH_LATENCY_RATE ?? 1_000);
const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 5);
const partitions = Number(process.env.BENCH_PARTITIONS ?? 4);
const seed = Number(process.env.BENCH_SEED ?? 1);

const ENDPOINT_NAME = 'fraud-model-bench';
/** One publish every this many milliseconds at the fixed rate. */
const TICK_MS = 20;

/** `count` TransactionFeatures records, as the feature engine emits them, keyed by card token. */
function featureRecords(count) {
  const engine = new ReferenceFeatureEngine();
  const records = [];
  const computedAt = new Date().toISOString();
  for (const { transaction, pan } of simulate(simulationConfig({ seed, customers: 20_000, merchants: 5_000 }), 365)) {
    if (records.length >= count) break;
    const full = { ...transaction, cardToken: createHash('sha256').update(pan).digest('hex') };
    const { features, late } = engine.process(full);
    const event = {
      schemaVersion: 1,
      transactionId: full.transactionId,
      cardToken: full.cardToken,
      timestamp: full.timestamp,
      transaction: full,
      features,
      late,
      computedAt,
    };
    records.push({ key: full.cardToken, value: Buffer.from(JSON.stringify(event)) });
  }
  return records;
}

function serviceEnv(stackEnv, prefix, endpointUrl) {
  return {
    PATH: process.env.PATH,
    ...stackEnv,
    TRANSPORT: 'kafka',
    STREAM_PREFIX: prefix,
    CREATE_STREAMS: 'false',
    SAGEMAKER_RUNTIME_ENDPOINT: endpointUrl,
    SAGEMAKER_ENDPOINT_NAME: ENDPOINT_NAME,
    LOG_LEVEL: 'warn',
  };
}

/** A Kafka transport of this process, to create the streams and publish the feature records. */
async function benchTransport(stackEnv) {
  const transport = createTransport(
    { TRANSPORT: 'kafka', KAFKA_BROKERS: stackEnv.KAFKA_BROKERS.split(','), KAFKA_AUTH: 'none', KAFKA_TLS: false },
    {
      clientId: 'inference-bench',
      logger: createLogger({ service: 'inference-bench', level: 'warn', destination: process.stderr }),
      metrics: new TransportMetrics(),
    },
  );
  await transport.connect();
  return transport;
}

async function streamsFor(transport, prefix) {
  await transport.ensureStreams(
    [`${prefix}transaction-features`, `${prefix}fraud-scores`, `${prefix}transaction-features-dlq`],
    partitions,
  );
}

async function metrics(service) {
  return (await fetch(`${service.baseUrl}/metrics`)).text();
}

/** The sum of a metric's samples that carry every label given. */
function sampleSum(text, name, labels = {}) {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  return text
    .split('\n')
    .filter(
      (line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && wanted.every((w) => line.includes(w)),
    )
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What the service's metrics say about its endpoint calls. */
function callFigures(text) {
  const calls = sampleSum(text, 'inference_batch_rows_count');
  const rows = sampleSum(text, 'inference_batch_rows_sum');
  const scoredCalls = sampleSum(text, 'inference_endpoint_call_seconds_count', { outcome: 'scored' });
  const scoredSeconds = sampleSum(text, 'inference_endpoint_call_seconds_sum', { outcome: 'scored' });
  return {
    endpointCalls: calls,
    rowsPerCall: calls === 0 ? 0 : Math.round((rows / calls) * 10) / 10,
    callMeanMs: scoredCalls === 0 ? 0 : Math.round((scoredSeconds / scoredCalls) * 10_000) / 10,
    bySource: {
      model: sampleSum(text, 'inference_scores_total', { source: 'model' }),
      rules: sampleSum(text, 'inference_scores_total', { source: 'rules' }),
    },
  };
}

/** CPU seconds a process has used (Linux `/proc`; null elsewhere). */
async function cpuSeconds(pid) {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU use of each process between two snapshots, in cores. */
async function cpuSnapshot(processes) {
  const seconds = await Promise.all(Object.values(processes).map((p) => cpuSeconds(p.pid)));
  return {
    at: performance.now(),
    seconds: Object.fromEntries(Object.keys(processes).map((name, i) => [name, seconds[i]])),
  };
}

function coresUsed(from, to) {
  const wall = (to.at - from.at) / 1000;
  return Object.fromEntries(
    Object.entries(to.seconds).map(([name, seconds]) => [
      name,
      seconds === null || from.seconds[name] === null
        ? null
        : Math.round(((seconds - from.seconds[name]) / wall) * 100) / 100,
    ]),
  );
}

/** A backlog of feature records, then the service started: scores per second between 10% and 90% done. */
async function sustainedRate(stackEnv, transport, endpointUrl, records) {
  const prefix = `bench-inf-${randomBytes(3).toString('hex')}-`;
  await streamsFor(transport, prefix);
  for (let i = 0; i < records.length; i += 500) {
    await transport.publisher.publish(`${prefix}transaction-features`, records.slice(i, i + 500));
  }
  const service = await startServiceProcess({
    entry: inference,
    env: serviceEnv(stackEnv, prefix, endpointUrl),
    readyTimeoutMs: 60_000,
  });
  try {
    const marks = [];
    for (;;) {
      const done = sampleSum(await metrics(service), 'inference_scores_total');
      marks.push({ at: performance.now(), done });
      if (done >= records.length) break;
      await sleep(100);
    }
    const from = marks.find((m) => m.done >= records.length * 0.1);
    const to = marks.find((m) => m.done >= records.length * 0.9);
    return {
      transactions: records.length,
      perSecond: Math.round((to.done - from.done) / ((to.at - from.at) / 1000)),
      ...callFigures(await metrics(service)),
    };
  } finally {
    await service.stop();
  }
}

/** The cumulative counts of the service's consume-to-publish histogram, by upper bound in seconds. */
function consumeToPublishBuckets(text) {
  const buckets = new Map();
  for (const line of text.split('\n')) {
    const match = /^inference_consume_to_publish_seconds_bucket\{.*le="([^"]+)".*\} (\d+)$/.exec(line);
    if (match !== null) buckets.set(match[1], Number(match[2]));
  }
  return buckets;
}

/**
 * Quantiles of the service's own consume-to-publish time between two
 * snapshots of its histogram: each the upper bound of the bucket that holds it.
 */
function consumeToPublish(before, after) {
  const bounds = [...after.keys()];
  const counts = bounds.map((le) => after.get(le) - (before.get(le) ?? 0));
  const total = counts[counts.length - 1];
  const atMost = (p) => {
    const index = counts.findIndex((count) => count >= p * total);
    return bounds[index] === '+Inf' ? null : Number(bounds[index]) * 1000;
  };
  return { scores: total, p50AtMostMs: atMost(0.5), p99AtMostMs: atMost(0.99) };
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
 * The service running, feature records published at `rate` per second (one
 * publish every TICK_MS, on a fixed schedule) for `warmupSeconds + seconds`:
 * append of each record to append of its score, both Kafka timestamps of
 * this machine's clock. A fresh process's first fetch, first publish and JIT
 * cost some 100 ms once: the warm-up's figures are apart.
 */
async function latencyAt(stackEnv, infra, transport, endpoint, records) {
  const endpointUrl = endpoint.baseUrl;
  const prefix = `bench-inf-${randomBytes(3).toString('hex')}-`;
  await streamsFor(transport, prefix);
  const service = await startServiceProcess({
    entry: inference,
    env: serviceEnv(stackEnv, prefix, endpointUrl),
    readyTimeoutMs: 60_000,
  });
  try {
    const total = Math.min(records.length, rate * (warmupSeconds + seconds));
    const perTick = (rate * TICK_MS) / 1000;
    const start = performance.now();
    const warmupTicks = (warmupSeconds * 1000) / TICK_MS;
    let afterWarmup = new Map();
    let cpuFrom;
    for (let tick = 0; tick * perTick < total; tick++) {
      if (tick === warmupTicks) {
        afterWarmup = consumeToPublishBuckets(await metrics(service));
        cpuFrom = await cpuSnapshot({ inference: service, modelEndpoint: endpoint });
      }
      const wait = start + tick * TICK_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const from = Math.round(tick * perTick);
      await transport.publisher.publish(
        `${prefix}transaction-features`,
        records.slice(from, Math.min(total, Math.round((tick + 1) * perTick))),
      );
    }
    const cpuTo = await cpuSnapshot({ inference: service, modelEndpoint: endpoint });
    await waitUntil(async () => sampleSum(await metrics(service), 'inference_scores_total') >= total, {
      description: 'every score',
      timeoutMs: 60_000,
    });
    const inputs = await readStream('kafka', infra, `${prefix}transaction-features`);
    const appended = new Map(inputs.map((r) => [JSON.parse(r.value.toString('utf8')).transactionId, r.timestamp]));
    const measuredFrom = Math.min(...inputs.map((r) => r.timestamp.getTime())) + warmupSeconds * 1000;
    const warmup = [];
    const measured = [];
    for (const output of await readStream('kafka', infra, `${prefix}fraud-scores`)) {
      const sent = appended.get(JSON.parse(output.value.toString('utf8')).transactionId).getTime();
      (sent < measuredFrom ? warmup : measured).push(output.timestamp.getTime() - sent);
    }
    return {
      ratePerSecond: rate,
      seconds,
      ...summary(measured),
      warmup: { seconds: warmupSeconds, ...summary(warmup) },
      service: consumeToPublish(afterWarmup, consumeToPublishBuckets(await metrics(service))),
      coresUsed: cpuFrom === undefined ? null : coresUsed(cpuFrom, cpuTo),
      ...callFigures(await metrics(service)),
    };
  } finally {
    await service.stop();
  }
}

const records = featureRecords(Math.max(backlog, rate * (warmupSeconds + seconds)));
const stack = await startInfraStack({ mode: 'local' });
let report;
try {
  const endpoint = await startServiceProcess({
    entry: modelEndpoint,
    env: { PATH: process.env.PATH, SAGEMAKER_ENDPOINT_NAME: ENDPOINT_NAME, LOG_LEVEL: 'warn' },
  });
  const transport = await benchTransport(stack.env);
  try {
    const sustained = await sustainedRate(stack.env, transport, endpoint.baseUrl, records.slice(0, backlog));
    const latency = await latencyAt(stack.env, stack.endpoints, transport, endpoint, records);
    report = {
      benchmark: 'inference',
      transport: 'kafka',
      partitions,
      machine: { cpus: cpus().length, node: process.version, loadAverage1m: Math.round(loadavg()[0] * 100) / 100 },
      sustained,
      latency,
      targets: {
        sustainedAtLeast3000: sustained.perSecond >= 3_000,
        p99AtMost30MsAt1000: latency.p99Ms <= 30,
      },
    };
  } finally {
    await transport.close();
    await endpoint.stop();
  }
} finally {
  await stack.stop();
}
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
