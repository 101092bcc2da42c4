// `npm run bench:producer`: the producer's sustained publish rate on each
// transport (the real service process in `simulate --rate max` mode, on the
// real local stack), and the simulator's own generation rate. Prints one JSON
// document.
//
// Options (environment): BENCH_TRANSPORTS=kafka,kinesis  BENCH_COUNT_KAFKA=200000
// BENCH_COUNT_KINESIS=10000  BENCH_CUSTOMERS=20000  BENCH_GENERATE=500000
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { simulate, simulationConfig } from '@fraud/simulator';
import { freePort, runServiceToExit, startInfraStack } from '@fraud/testing';

import { CardTokenizer } from '../dist/card/card-tokenizer.js';
import { toSimulatedEvents } from '../dist/simulate/simulated-events.js';

const entry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const kinds = (process.env.BENCH_TRANSPORTS ?? 'kafka,kinesis').split(',');
const countFor = {
  kafka: Number(process.env.BENCH_COUNT_KAFKA ?? 200_000),
  kinesis: Number(process.env.BENCH_COUNT_KINESIS ?? 10_000),
};
const customers = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const generateCount = Number(process.env.BENCH_GENERATE ?? 500_000);
const key = 'bench-hmac-key-0123456789abcdef-0123456789';

/** Transactions per second the simulator yields, alone and with tokenisation and JSON encoding. */
function generationRate() {
  const config = simulationConfig({ seed: 1, customers });
  const tokenizer = new CardTokenizer(key);
  const measure = (work) => {
    let n = 0;
    const start = performance.now();
    for (const simulated of simulate(config, 3650)) {
      work(simulated);
      if (++n >= generateCount) break;
    }
    return Math.round(n / ((performance.now() - start) / 1000));
  };
  let transactionBytes = 0;
  const simulatePerSecond = measure(() => undefined);
  const simulateTokeniseEncodePerSecond = measure((simulated) => {
    const { transaction, label } = toSimulatedEvents(simulated, tokenizer);
    transactionBytes += Buffer.byteLength(JSON.stringify(transaction));
    JSON.stringify(label);
  });
  return {
    transactions: generateCount,
    simulatePerSecond,
    simulateTokeniseEncodePerSecond,
    averageTransactionBytes: Math.round(transactionBytes / generateCount),
  };
}

async function publishRate(kind, infraEnv) {
  const count = countFor[kind];
  const run = await runServiceToExit({
    entry,
    args: ['simulate', '--rate', 'max', '--count', String(count), '--customers', String(customers)],
    env: {
      PATH: process.env.PATH,
      ...infraEnv,
      TRANSPORT: kind,
      STREAM_PREFIX: `bench-${kind}-${Date.now()}-`,
      CREATE_STREAMS: 'true',
      STREAM_PARTITIONS: '4',
      PAN_HMAC_KEY: key,
      INGEST_API_KEYS: 'bench-ingest-key-0123456789',
      HTTP_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    },
    timeoutMs: 600_000,
  });
  const finished = run.stdout
    .split('\n')
    .filter((line) => line.includes('"simulation finished"'))
    .map((line) => JSON.parse(line))[0];
  if (run.code !== 0 || finished === undefined) {
    throw new Error(`producer on ${kind} exited ${run.code ?? run.signal}:\n${run.stdout}${run.stderr}`);
  }
  return {
    transactions: finished.published,
    seconds: Math.round(finished.elapsedMs / 10) / 100,
    transactionsPerSecond: finished.perSecond,
    // Each transaction is two records (the Transaction and its Label), plus the frauds confirmed during the run.
    recordsPerSecond: Math.round(((finished.published * 2 + finished.confirmations) * 1000) / finished.elapsedMs),
  };
}

const generation = generationRate();
const stack = await startInfraStack({ mode: 'local' });
const results = {};
try {
  for (const kind of kinds) results[kind] = await publishRate(kind, stack.env);
} finally {
  await stack.stop();
}
process.stdout.write(
  `${JSON.stringify(
    {
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      target: { kafkaTransactionsPerSecond: 10_000 },
      simulator: generation,
      publish: results,
      kafkaMeetsTarget: results.kafka === undefined ? null : results.kafka.transactionsPerSecond >= 10_000,
    },
    null,
    2,
  )}\n`,
);
