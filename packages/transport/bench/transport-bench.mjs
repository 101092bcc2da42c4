// `npm run bench:transport`: publish and consume throughput (300-byte JSON
// records) and publish-to-handler latency at a fixed 1,000 records/s, for
// each transport, on the real local stack. Prints one JSON document.
//
// Options (environment): BENCH_TRANSPORTS=kafka,kinesis  BENCH_RECORDS=50000
// BENCH_LATENCY_SECONDS=20  BENCH_LATENCY_RATE=1000 (records/s)  BENCH_LATENCY_TICK_MS=50
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadSettings, sharedRequirements, sharedSettingsSchema } from '@fraud/config';
import { createLogger } from '@fraud/observability';
import { startInfraStack } from '@fraud/testing';
import { createTransport, TransportMetrics } from '@fraud/transport';

const kinds = (process.env.BENCH_TRANSPORTS ?? 'kafka,kinesis').split(',');
const recordsFor = {
  kafka: Number(process.env.BENCH_RECORDS ?? 50_000),
  kinesis: Number(process.env.BENCH_RECORDS ?? 20_000),
};
const latencySeconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
const latencyRate = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
// Records due are published together every tick: fewer, larger requests.
const latencyTickMs = Number(process.env.BENCH_LATENCY_TICK_MS ?? 50);
const partitions = 4;
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
  await transport.ensureStreams([stream], partitions);

  // Publish throughput: batches of 500, four in flight.
  const records = makeRecords(recordsFor[kind], runId);
  const publishStart = performance.now();
  const batches = [];
  for (let i = 0; i < records.length; i += 500) batches.push(records.slice(i, i + 500));
  for (let i = 0; i < batches.length; i += 4) {
    await Promise.all(batches.slice(i, i + 4).map((batch) => transport.publisher.publish(stream, batch)));
  }
  const publishSeconds = (performance.now() - publishStart) / 1000;

  // Consume throughput: a fresh group reads everything from the start.
  let consumed = 0;
  let consumeStart = 0;
  const consumer = transport.consumer({
    stream,
    group: `bench-throughput-${runId}`,
    handler: async (batch) => {
      if (consumeStart === 0) consumeStart = performance.now();
      consumed += batch.records.length;
    },
  });
  await consumer.start();
  while (consumed < records.length) await sleep(20);
  const consumeSeconds = (performance.now() - consumeStart) / 1000;
  await consumer.stop();

  // Latency at a fixed rate, records stamped at publish, sent every tick.
  const latencyStream = `${stream}-latency`;
  await transport.ensureStreams([latencyStream], partitions);
  const latencies = [];
  const latencyConsumer = transport.consumer({
    stream: latencyStream,
    group: `bench-latency-${runId}`,
    startFrom: 'earliest',
    handler: async (batch) => {
      const now = performance.timeOrigin + performance.now();
      for (const record of batch.records) latencies.push(now - JSON.parse(record.value.toString()).sentAt);
    },
  });
  await latencyConsumer.start();
  const totalLatencyRecords = latencySeconds * latencyRate;
  const rateStart = performance.now();
  let sent = 0;
  while (sent < totalLatencyRecords) {
    const due = Math.min(totalLatencyRecords, Math.floor(((performance.now() - rateStart) / 1000) * latencyRate) + 1);
    if (due > sent) {
      const batch = [];
      for (; sent < due; sent++) {
        batch.push({
          key: `card-${String(sent % 1000).padStart(4, '0')}`,
          value: Buffer.from(
            JSON.stringify({ id: sent, sentAt: performance.timeOrigin + performance.now(), pad: 'x'.repeat(240) }),
          ),
        });
      }
      void transport.publisher.publish(latencyStream, batch);
    }
    await sleep(latencyTickMs);
  }
  const deadline = Date.now() + 60_000;
  while (latencies.length < totalLatencyRecords && Date.now() < deadline) await sleep(20);
  await latencyConsumer.stop();
  await transport.close();
  latencies.sort((a, b) => a - b);

  return {
    records: records.length,
    recordBytes: records[0].value.length,
    partitions,
    publishRecordsPerSecond: Math.round(records.length / publishSeconds),
    consumeRecordsPerSecond: Math.round(records.length / consumeSeconds),
    latency: {
      ratePerSecond: latencyRate,
      tickMs: latencyTickMs,
      seconds: latencySeconds,
      received: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? null),
    },
  };
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
  `${JSON.stringify({ benchmark: 'transport', node: process.version, cpus: (await import('node:os')).cpus().length, results }, null, 2)}\n`,
);
process.exit(0);
