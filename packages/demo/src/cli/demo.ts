// `npm run demo`: the worked example end to end on this machine. Starts the
// local infrastructure, the five services and the simulator, prints a live
// summary, writes a report to reports/demo-<time>/ and stops everything.
import { startInfraStack } from '@fraud/testing';

import { runWorkedExample } from '../run/worked-example.js';
import { formatRedis } from '../report/format.js';
import { writeReport } from '../report/write-report.js';
import { DEMO_USAGE, DemoUsageError, parseDemoOptions, type DemoOptions } from './demo-options.js';
import { liveSummaryLines } from './live-summary.js';

// sysexits EX_USAGE, as the producer exits on a bad simulate option.
const EXIT_USAGE = 64;
const PARTITIONS = 4;
const WARMUP_SECONDS = 5;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function demo(options: DemoOptions, signal: AbortSignal): Promise<void> {
  const redis = options.redisCluster ? 'Redis, a Redis Cluster of 3 primaries' : 'Redis';
  say(`demo: starting the local infrastructure (Kafka, ${redis}, kinesis-local, dynalite, moto)`);
  // The cluster only when asked: it costs three more processes (or a container).
  const stack = await startInfraStack({ redisCluster: options.redisCluster });
  // As the tests' global setup does: this process's own AWS clients (creating
  // the Kinesis streams) find the emulators' dummy credentials where a
  // service finds real ones, through the default provider chain.
  process.env.AWS_ACCESS_KEY_ID ??= stack.env.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY ??= stack.env.AWS_SECRET_ACCESS_KEY;
  try {
    const report = await runWorkedExample(
      stack,
      { ...options, partitions: PARTITIONS, warmupSeconds: WARMUP_SECONDS },
      {
        signal,
        onPhase: (phase) => {
          say(`demo: ${phase}`);
        },
        onProgress: (progress) => {
          for (const line of liveSummaryLines(progress)) say(line);
        },
      },
    );
    const directory = await writeReport(report);
    const { latency, delivery } = report.figures;
    say(
      `demo: ${delivery.transactions} transactions, ${delivery.scores.scored} scores, ${delivery.alerts.alerts} alerts ` +
        `on ${formatRedis(report.run.redis)}; ` +
        `tx→alert p50 ${latency.toAlert.p50Ms ?? '—'} ms, p99 ${latency.toAlert.p99Ms ?? '—'} ms`,
    );
    say(`demo: report written to ${directory}/report.md (and report.json)`);
  } finally {
    say('demo: stopping the local infrastructure');
    await stack.stop();
  }
}

let options: DemoOptions;
try {
  options = parseDemoOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof DemoUsageError)) throw error;
  process.stderr.write(`demo: ${error.message}\n\n${DEMO_USAGE}`);
  process.exit(EXIT_USAGE);
}

// kafkajs's request queue schedules a negative timeout, which Node 24 reports
// (and clamps to 1 ms); it says nothing about the demo, so it is not shown.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const interrupt = new AbortController();
// The first Ctrl-C ends the simulation and stops everything in order; a second one exits at once
// (the infrastructure's watchdogs and the services' supervisors still take their processes down).
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  say('demo: interrupted; stopping everything (Ctrl-C again to exit at once)');
  interrupt.abort();
});
process.on('SIGTERM', () => {
  interrupt.abort();
});

await demo(options, interrupt.signal);
// Done: after Ctrl-C a client's retry timer for a broker the interrupt
// already stopped would otherwise keep the process alive.
process.exit(0);
