// PROTOTYPE, not part of the model or the feature engine: candidate features
// beyond packages/features, computed offline over the same simulation as the
// training dataset, to measure what they would add before anyone implements
// them (in the reference and the Redis library together). Writes one CSV row
// per transaction, in the dataset's order: transactionId, then the columns of
// `EXTRA_FEATURES` below.
//
//   node model/prototype/extra-features.mjs --config model/training-config.json --out FILE [--windows utc-days]
//
// With `--windows exact` (the default) windows are exact in event time, like
// the 10-minute ones: the card's over (t − H, t] including the transaction
// itself; the merchant's label feedback over (t − D − H, t − D], using only
// the labels of transactions at least D days old (confirmed frauds arrive
// with a delay). With `--windows utc-days` they are whole UTC days, as
// day buckets in Redis would keep them: the card's over days
// [day(t) − H + 1, day(t)] up to t, the merchant's over days
// [day(t) − D − H + 1, day(t) − D] (a day's labels all known D days after it
// began, so D = 2 means a label lag of one to two days).
import { closeSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { simulate, simulationConfig } from '@fraud/simulator';

import { scenarioSettings } from '../dataset/scenario-settings.mjs';

const DAY = 86_400_000;
const CARD_HORIZON_DAYS = [1, 7, 30];
const MERCHANT_HORIZON_DAYS = [1, 7, 30];
const FEEDBACK_DELAY_DAYS = [1, 2, 3, 7];

const EXTRA_FEATURES = [
  'amount_minor',
  ...CARD_HORIZON_DAYS.flatMap((h) => [`card_txn_count_${h}d`, `card_amount_avg_${h}d`]),
  'amount_to_card_avg_30d',
  ...FEEDBACK_DELAY_DAYS.flatMap((d) =>
    MERCHANT_HORIZON_DAYS.flatMap((h) => [
      `merchant_txn_count_${h}d_delay${d}d`,
      `merchant_fraud_rate_${h}d_delay${d}d`,
    ]),
  ),
];

/** Sorted event times with prefix sums, so any time range is two binary searches. */
class History {
  times = [];
  sums = [0];

  add(time, value) {
    this.times.push(time);
    this.sums.push(this.sums[this.sums.length - 1] + value);
  }

  /** Index of the first event with time > `time`. */
  after(time) {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.times[middle] <= time) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Count and sum of the events with time in (from, to]. */
  range(from, to) {
    const start = this.after(from);
    const end = this.after(to);
    return { count: end - start, sum: this.sums[end] - this.sums[start] };
  }
}

const { values } = parseArgs({
  options: { config: { type: 'string' }, out: { type: 'string' }, windows: { type: 'string', default: 'exact' } },
});
if (!['exact', 'utc-days'].includes(values.windows)) throw new RangeError('--windows must be exact or utc-days');
const dayStart = (t, daysBack) => (Math.floor(t / DAY) - daysBack) * DAY;
// Each window as the (from, to] bounds of History.range.
const cardWindow = values.windows === 'exact' ? (t, h) => [t - h * DAY, t] : (t, h) => [dayStart(t, h - 1) - 1, t];
const merchantWindow =
  values.windows === 'exact'
    ? (t, d, h) => [t - (d + h) * DAY, t - d * DAY]
    : (t, d, h) => [dayStart(t, d + h - 1) - 1, dayStart(t, d - 1) - 1];
const { simulation } = JSON.parse(await readFile(values.config, 'utf8'));
const config = simulationConfig({
  seed: simulation.seed,
  customers: simulation.customers,
  merchants: simulation.merchants,
  startTime: simulation.startTime,
  scenarios: scenarioSettings(simulation.scenarioRateMultipliers),
});

// The PAN identifies the card as well as its token does; no tokenising needed here.
const cardAmounts = new Map();
const merchantCounts = new Map();
const merchantFrauds = new Map();
const historyOf = (map, key) => map.get(key) ?? map.set(key, new History()).get(key);

const fd = openSync(values.out, 'w');
let chunk = `transactionId,${EXTRA_FEATURES.join(',')}\n`;
for (const { transaction, pan, label } of simulate(config, simulation.days)) {
  const t = Date.parse(transaction.timestamp);
  const amount = transaction.amountMinor;
  const card = historyOf(cardAmounts, pan);
  card.add(t, amount);
  const row = [amount];
  let average30 = 0;
  for (const h of CARD_HORIZON_DAYS) {
    const { count, sum } = card.range(...cardWindow(t, h));
    row.push(count, sum / count);
    if (h === 30) average30 = sum / count;
  }
  row.push(amount / average30);
  const counts = historyOf(merchantCounts, transaction.merchantId);
  const frauds = historyOf(merchantFrauds, transaction.merchantId);
  for (const d of FEEDBACK_DELAY_DAYS) {
    for (const h of MERCHANT_HORIZON_DAYS) {
      const [from, to] = merchantWindow(t, d, h);
      const { count } = counts.range(from, to);
      const { sum } = frauds.range(from, to);
      row.push(count, count === 0 ? 0 : sum / count);
    }
  }
  // Added after the features are read: a transaction's own label is never known when it is scored.
  counts.add(t, 1);
  frauds.add(t, label.isFraud ? 1 : 0);
  chunk += `${transaction.transactionId},${row.join(',')}\n`;
  if (chunk.length >= 1 << 20) {
    writeSync(fd, chunk);
    chunk = '';
  }
}
writeSync(fd, chunk);
closeSync(fd);
