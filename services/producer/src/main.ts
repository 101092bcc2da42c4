import 'reflect-metadata';

import { startService } from '@fraud/bootstrap';
import { loadSettings, SettingsError } from '@fraud/config';
import { createLogger } from '@fraud/observability';

import { CardTokenizer } from './card/card-tokenizer.js';
import { ProducerModule } from './producer.module.js';
import { exportSettings } from './settings/export-settings.js';
import { producerSettings } from './settings/producer-settings.js';
import {
  parseSimulateOptions,
  SIMULATE_USAGE,
  SimulateOptionsError,
  type SimulateOptions,
} from './simulate/simulate-options.js';
import { SimulationRunner } from './simulate/simulation-runner.js';

const SERVICE = 'producer';
// sysexits: EX_USAGE for a bad command line, EX_CONFIG for bad settings.
const EXIT_USAGE = 64;
const EXIT_INVALID_SETTINGS = 78;

const bootLogger = createLogger({ service: SERVICE });
const [command, ...args] = process.argv.slice(2);

if (command === undefined) {
  await serve(undefined);
} else if (command === 'simulate') {
  const options = simulateOptions(args);
  if (options.out === undefined) await serve(options);
  else await exportToFiles(options);
} else {
  bootLogger.fatal({ command }, `unknown command '${command}'; expected none (ingest API) or 'simulate'`);
  process.stderr.write(`${SIMULATE_USAGE}\n`);
  process.exit(EXIT_USAGE);
}

function simulateOptions(simulateArgs: readonly string[]): SimulateOptions {
  try {
    return parseSimulateOptions(simulateArgs);
  } catch (error) {
    if (!(error instanceof SimulateOptionsError)) throw error;
    bootLogger.fatal({ problems: error.problems }, error.message);
    process.stderr.write(`${SIMULATE_USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

/** The service: the ingest API, and the simulator when `simulation` is given, ending the process when it ends. */
async function serve(simulation: SimulateOptions | undefined): Promise<void> {
  const app = await startService({
    name: SERVICE,
    settings: producerSettings,
    publishes: ['transactions', 'transaction-labels', 'fraud-confirmations'],
    module: () => ProducerModule.forRoot(simulation),
    configureApp: (fastifyApp, settings) => {
      // Raw bytes: the API key is checked before parsing, and JSON errors never quote a card number.
      fastifyApp.useBodyParser(
        'application/json',
        { bodyLimit: settings.INGEST_MAX_BODY_BYTES },
        (_request, body, done) => {
          done(null, body);
        },
      );
    },
  });
  if (simulation === undefined) return;
  const runner = app.get(SimulationRunner);
  try {
    await runner.finished;
  } catch (error) {
    bootLogger.fatal({ err: error }, 'simulation failed');
    await app.close();
    process.exit(1);
  }
  // A signal's graceful shutdown is already closing the app and will exit.
  if (runner.stopRequested) return;
  await app.close();
  process.exit(0);
}

/** `simulate --out DIR`: the dataset as files; no transport, no HTTP. */
async function exportToFiles(options: SimulateOptions): Promise<void> {
  let settings;
  try {
    settings = loadSettings(SERVICE, exportSettings);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    bootLogger.fatal({ problems: error.problems }, error.message);
    process.exit(EXIT_INVALID_SETTINGS);
  }
  const logger = createLogger({ service: SERVICE, level: settings.LOG_LEVEL });
  const { exportDataset } = await import('./export/export-dataset.js');
  try {
    const summary = await exportDataset(options, new CardTokenizer(settings.PAN_HMAC_KEY));
    logger.info(summary, 'dataset exported');
  } catch (error) {
    logger.fatal({ err: error }, 'dataset export failed');
    process.exit(1);
  }
}
