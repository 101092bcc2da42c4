// The model's training data, computed by the same code that serves it: the
// simulator's transactions, tokenised as the producer tokenises them, fed in
// event-time order to the offline reference of the feature engine
// (`ReferenceFeatureEngine`, proved equal to the Redis library), with each
// fraud's confirmation fed in `confirmationDelayHours` later, where the
// producer would publish it on `fraud-confirmations`. Writes one
// CSV row per transaction: transactionId, day, cardToken, FEATURE_NAMES in
// order, isFraud, scenario, has_earlier_in_window.
//
//   node model/dataset/build-dataset.mjs --config model/training-config.json --out DIR/dataset.csv
//
// Deterministic: the same config gives byte-identical files.
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { FEATURE_NAMES, ReferenceFeatureEngine } from '@fraud/features';
import { ConfirmationSchedule, DAY_MS, simulate, simulationConfig } from '@fraud/simulator';

import { CardTokenizer } from '../../services/producer/dist/card/card-tokenizer.js';
import { toSimulatedEvents } from '../../services/producer/dist/simulate/simulated-events.js';
import { scenarioSettings } from './scenario-settings.mjs';

// Card tokens only have to be stable within the dataset (windows are per
// card); this fixed key is not the producer's secret and protects nothing.
const TRAINING_PAN_HMAC_KEY = 'model-training-dataset-fixed-key-not-a-secret';
const FLUSH_BYTES = 1 << 20;

const { values } = parseArgs({ options: { config: { type: 'string' }, out: { type: 'string' } } });
if (values.config === undefined || values.out === undefined) {
  console.error('usage: build-dataset.mjs --config model/training-config.json --out FILE');
  process.exit(64);
}

const { simulation } = JSON.parse(await readFile(values.config, 'utf8'));
const config = simulationConfig({
  seed: simulation.seed,
  customers: simulation.customers,
  merchants: simulation.merchants,
  startTime: simulation.startTime,
  scenarios: scenarioSettings(simulation.scenarioRateMultipliers),
});
const startMs = Date.parse(config.startTime);
const tokenizer = new CardTokenizer(TRAINING_PAN_HMAC_KEY);
const engine = new ReferenceFeatureEngine();
const confirmations = new ConfirmationSchedule(simulation.confirmationDelayHours * 3_600_000);

const header = ['transactionId', 'day', 'cardToken', ...FEATURE_NAMES, 'isFraud', 'scenario', 'has_earlier_in_window'];
const fd = openSync(values.out, 'w');
let chunk = `${header.join(',')}\n`;
let rows = 0;
let frauds = 0;
for (const simulated of simulate(config, simulation.days)) {
  const { transaction, label } = toSimulatedEvents(simulated, tokenizer);
  // The simulation runner publishes the confirmations due by a batch's newest transaction with it.
  for (const confirmation of confirmations.takeDue(Date.parse(transaction.timestamp))) engine.confirm(confirmation);
  // One partition: the simulator yields in event-time order, so no transaction is late.
  const { features } = engine.process(transaction);
  const day = Math.floor((Date.parse(transaction.timestamp) - startMs) / DAY_MS);
  const vector = FEATURE_NAMES.map((name) => features[name]);
  const earlier = features.card_txn_count_10m > 1 ? 1 : 0;
  // Ids, tokens and scenario names hold no commas or quotes, so no CSV quoting is needed.
  chunk += `${transaction.transactionId},${day},${transaction.cardToken},${vector.join(',')},${label.isFraud ? 1 : 0},${label.scenario},${earlier}\n`;
  rows++;
  if (label.isFraud) {
    frauds++;
    confirmations.add(transaction);
  }
  if (chunk.length >= FLUSH_BYTES) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
console.error(`build-dataset: ${rows} transactions, ${frauds} frauds, ${simulation.days} days -> ${values.out}`);
