// `npm run bench:transport`: publish and consume throughput (300-byte JSON
// records) and publish-to-handler latency at a fixed 1,000 records/s, for
// each transport, on the real local stack; and the time per byte of a Kafka
// record batch's CRC-32C, kafkajs' own against the one the transport puts in
// its place (kafka/crc32c-patch.ts). Prints one JSON document.
//
// Options (environment): BENCH_TRANSPORTS=kafka,kinesis  BENCH_RECORDS=50000
// BENCH_LATENCY_SECONDS=20  BENCH_LATENCY_RATE=1000 (records/s)  BENCH_LATENCY_TICK_MS=50
// BENCH_LATENCY_WARMUP_SECONDS=3 (unmeasured, at the same rate)  BENCH_KINESIS_SUSTAINED_RATE=300 (records/s; 0 skips it)
//
// kinesis-local cannot take 1,000 records/s for long: on its one thread a
// PutRecords costs it about 10 ms, plus 0.2 ms per entry, plus about 0.5 µs
// per entry for every record already in that entry's shard, so a stream
// slows down as it fills (docs/stream-transport.md).
// Kinesis latency is therefore also measured at a rate it sustains for the
// whole run. `publishLagMs` (how long the last publish took to resolve) tells
// a sustained rate (one round trip) from one the broker could not take.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';
import { startInfraStack } from '@fraud/testing';
import { createTransport, TransportMetrics } from '@fraud/transport';

import { crc32c } from '../dist/kafka/crc32c.js';

const kinds = (process.env.BENCH_TRANSPORTS ?? 'kafka,kinesis').split(',');
const recordsFor = {
  kafka: Number(process.env.BENCH_RECORDS ?? 50_000),
  kinesis: Number(process.env.BENCH_RECORDS ?? 20_000),
};
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const latencyRate = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
// Records due are published together every tick: fewer, larger requests.
const latencyTickMs = Number(process.env.BENCH_LATENCY_TICK_MS ?? 50);
const kinesisSustainedRate = Number(process.env.BENCH_KINESIS_SUSTAINED_RATE ?? 300);
const latencyWarmUpSeconds = Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 3);
const partitions = 4;
/** Nanoseconds per byte of each CRC-32C over batches of 16 KiB, alternating, best of three each. */
function measureCrc() {
  const kafkajsCrc = createRequire(import.meta.url)('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js');
  const batch = randomBytes(16_384);
  const nsPerByte = (crc) => {
    const rounds = 2_000;
    const start = performance.now();
    let sink = 0;
    for (let i = 0; i < rounds; i++) sink ^= crc(batch);
    if (sink === 0.5) throw new Error('unreachable');
    return ((performance.now() - start) * 1e6) / rounds / batch.length;
  };
  const best = { kafkajs: Infinity, transport: Infinity };
  for (let i = 0; i < 3; i++) {
    best.kafkajs = Math.min(best.kafkajs, nsPerByte(kafkajsCrc));
    best.transport = Math.min(best.transport, nsPerByte(crc32c));
  }
  return {
    batchBytes: batch.length,
    kafkajsNsPerByte: Math.round(best.kafkajs * 1000) / 1000,
    transportNsPerByte: Math.round(best.transport * 1000) / 1000,
  };
}

const logger = createLogger({ service: 'bench', level: 'warn', destination: process.stderr });

function makeRecords(count, runId) {
  // About 300 bytes of JSON, the size of a Transaction event.
  const pad = 'x'.repeat(232);
  return Array.from({ length: count }, (_, i) => {
    const key = `card-${String(i % 1000).padStart(4, '0')}`;
    return { key, value: Buffer.from(JSON.stringify({ id: `${runId}-${i}`, key, sentAt: 0, pad })) };
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const round = (n) => (n === null ? null : Math.round(n * 100) / 100);

async function bench(kind, env) {
  const settings = loadSettings(
    'bench',
    { schema: sharedSettingsSchema, requirements: sharedRequirements },
    { ...env, TRANSPORT: kind },
  );
  const transport = createTransport(settings, { clientId: 'bench', logger, metrics: new TransportMetrics() });
  await transport.connect();
  const runId = `${kind}-${Date.now()}`;
  const stream = `bench-${runId}`;

  // Latency first, on fresh brokers: the throughput runs leave tens of
  // thousands of records in an emulator's memory and a Node heap just through
  // a burst, both of which would weigh on it.
  const sustainedLatency =
    kind === 'kinesis' && kinesisSustainedRate > 0
      ? await measureLatency(transport, `${stream}-sustained`, `${runId}-sustained`, kinesisSustainedRate)
      : undefined;
  const latency = await measureLatency(transport, `${stream}-latency`, runId, latencyRate);

  // Publish throughput: batches of 500, four in flight.
  await transport.ensureStreams([stream], partitions);
  const records = makeRecords(recordsFor[kind], runId);
  const recordCount = records.length;
  const recordBytes = records[0].value.length;
  const publishStart = performance.now();
  for (let i = 0; i < records.length; i += 2000) {
    const batches = [];
    for (let j = i; j < Math.min(i + 2000, records.length); j += 500) batches.push(records.slice(j, j + 500));
    await Promise.all(batches.map((batch) => transport.publisher.publish(stream, batch)));
  }
  const publishSeconds = (performance.now() - publishStart) / 1000;

  // Consume throughput: a fresh group reads everything from the start,
  // timed from the moment it joined (fetching included).
  let consumed = 0;
  const consumer = transport.consumer({
    stream,
    group: `bench-throughput-${runId}`,
    handler: async (batch) => {
      consumed += batch.records.length;
    },
  });
  await consumer.start();
  const consumeStart = performance.now();
  while (consumed < recordCount) await sleep(5);
  const consumeSeconds = (performance.now() - consumeStart) / 1000;
  await consumer.stop();
  await transport.close();

  return {
    records: recordCount,
    recordBytes,
    partitions,
    publishRecordsPerSecond: Math.round(recordCount / publishSeconds),
    consumeRecordsPerSecond: Math.round(recordCount / consumeSeconds),
    latency,
    ...(sustainedLatency === undefined ? {} : { sustainedLatency }),
  };
}

/**
 * Publish-to-handler latency on a fresh stream at `rate` records/s, records
 * stamped at publish, sent every tick, after a warm-up at the same rate.
 */
async function measureLatency(transport, stream, runId, rate) {
  await transport.ensureStreams([stream], partitions);
  const latencies = [];
  const warmedUp = new Set();
  let warmUpReceived = 0;
  const consumer = transport.consumer({
    stream,
    group: `bench-latency-${runId}`,
    startFrom: 'earliest',
    handler: async (batch) => {
      const now = performance.timeOrigin + performance.now();
      for (const record of batch.records) {
        const { sentAt, warmUp } = JSON.parse(record.value.toString());
        if (warmUp) {
          warmedUp.add(batch.partition);
          warmUpReceived += 1;
        } else latencies.push(now - sentAt);
      }
    },
  });
  await consumer.start();
  // The run measures the steady state: start() resolves once one partition is
  // read, and JIT compilers (Node, the brokers' JVMs) are still cold then.
  const warmUp = await publishAtRate(transport, stream, rate, latencyWarmUpSeconds, true);
  const warmUpDeadline = Date.now() + 120_000;
  while (warmedUp.size < partitions || warmUpReceived < warmUp.sent - warmUp.failures) {
    if (Date.now() > warmUpDeadline) {
      throw new Error(`${stream}: warm-up not delivered (partitions ${[...warmedUp]}, ${warmUpReceived} records)`);
    }
    await sleep(20);
  }

  const run = await publishAtRate(transport, stream, rate, latencySeconds, false);
  const deadline = Date.now() + 60_000;
  while (latencies.length < run.sent - run.failures && Date.now() < deadline) await sleep(20);
  await consumer.stop();
  latencies.sort((a, b) => a - b);
  return {
    ratePerSecond: rate,
    tickMs: latencyTickMs,
    seconds: latencySeconds,
    received: latencies.length,
    publishFailures: run.failures,
    publishLagMs: round(run.lagMs),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? null),
  };
}

/**
 * Publishes `rate` records/s for `seconds`, the records due every tick
 * together, without waiting for one publish before the next; resolves once
 * all are settled. `lagMs`, how long the last publish took, is about one
 * round trip when the broker keeps up, and the backlog when it does not.
 */
async function publishAtRate(transport, stream, rate, seconds, warmUp) {
  const total = Math.round(seconds * rate);
  const publishes = [];
  let failures = 0;
  let sent = 0;
  const start = performance.now();
  let lastPublishAt = start;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    if (due > sent) {
      const batch = [];
      for (; sent < due; sent++) {
        const sentAt = performance.timeOrigin + performance.now();
        batch.push({
          key: `card-${String(sent % 1000).padStart(4, '0')}`,
          value: Buffer.from(JSON.stringify({ id: sent, sentAt, warmUp, pad: 'x'.repeat(240) })),
        });
      }
      lastPublishAt = performance.now();
      publishes.push(
        transport.publisher.publish(stream, batch).catch(() => {
          failures += batch.length;
        }),
      );
    }
    if (sent < total) await sleep(latencyTickMs);
  }
  await Promise.all(publishes);
  return { sent, failures, lagMs: performance.now() - lastPublishAt };
}

const stack = await startInfraStack();
// SDK clients and KCL daemons find the emulators' dummy credentials the way a
// service finds real ones: through the environment.
process.env.AWS_ACCESS_KEY_ID = stack.env.AWS_ACCESS_KEY_ID;
process.env.AWS_SECRET_ACCESS_KEY = stack.env.AWS_SECRET_ACCESS_KEY;
const results = {};
try {
  for (const kind of kinds) results[kind] = await bench(kind, stack.env);
} finally {
  await stack.stop();
}
process.stdout.write(
  `${JSON.stringify({ benchmark: 'transport', node: process.version, cpus: (await import('node:os')).cpus().length, recordBatchCrc32c: measureCrc(), results }, null, 2)}\n`,
);
process.exit(0);
