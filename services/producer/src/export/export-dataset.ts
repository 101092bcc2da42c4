import { resolve } from 'node:path';

import { FRAUD_SCENARIOS, simulate } from '@fraud/simulator';

import type { CardTokenizer } from '../card/card-tokenizer.js';
import type { SimulateOptions } from '../simulate/simulate-options.js';
import { toSimulatedEvents } from '../simulate/simulated-events.js';
import { simulationConfigOf } from '../simulate/simulation-config-of.js';
import { DatasetTally, type DatasetCounts } from './dataset-counts.js';
import { DatasetFile } from './dataset-file.js';
import { DatasetFiles, MANIFEST_JSON } from './dataset-files.js';
import { datasetManifest, formatManifest } from './dataset-manifest.js';

/** What an export wrote, for its closing log line. */
export interface DatasetSummary extends DatasetCounts {
  /** Absolute path of the dataset directory. */
  readonly directory: string;
  readonly elapsedMs: number;
  /** Transactions exported per second of wall time. */
  readonly perSecond: number;
}

/**
 * Writes `options.days` simulated days to `options.out` as JSON Lines and
 * CSV, transactions and labels apart, then `manifest.json`. Streams: memory
 * holds the simulator's current day and one chunk per file, whatever the
 * number of days. Refuses a directory that already holds a dataset; on an
 * error it deletes the files it created.
 */
export async function exportDataset(options: SimulateOptions, tokenizer: CardTokenizer): Promise<DatasetSummary> {
  const { out, days } = options;
  if (out === undefined || days === undefined) throw new Error('a dataset export needs --out and --days');
  const directory = resolve(out);
  const config = simulationConfigOf(options);
  const startedMs = performance.now();

  const files = await DatasetFiles.create(directory);
  const tally = new DatasetTally();
  let manifestFile: DatasetFile | undefined;
  try {
    for (const simulated of simulate(config, days)) {
      const events = toSimulatedEvents(simulated, tokenizer);
      tally.add(events.label);
      if (files.add(events)) await files.flush();
    }
    const entries = await files.finish();
    const manifest = datasetManifest({
      config,
      days,
      // Canonical order, so the same choice written another way gives the same manifest.
      scenarioMix: {
        enabled: FRAUD_SCENARIOS.filter((name) => options.scenarios.includes(name)),
        rateMultiplier: options.fraudMultiplier,
      },
      counts: tally.counts(),
      files: entries,
    });
    manifestFile = await DatasetFile.create(directory, MANIFEST_JSON);
    manifestFile.add(formatManifest(manifest));
    await manifestFile.finish();
  } catch (error) {
    await Promise.all([files.discard(), manifestFile?.discard()]);
    throw error;
  }

  const counts = tally.counts();
  const elapsedMs = Math.max(1, Math.round(performance.now() - startedMs));
  return { directory, ...counts, elapsedMs, perSecond: Math.round((counts.transactions * 1000) / elapsedMs) };
}
