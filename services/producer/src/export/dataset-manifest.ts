import type { SimulationConfig } from '@fraud/simulator';

import type { DatasetCounts } from './dataset-counts.js';
import type { DatasetFileEntry } from './dataset-file.js';

const DAY_MS = 86_400_000;

/**
 * What a dataset holds and how it was made: enough to regenerate it (seed,
 * config, days) and to check it (rows and sha256 per file). Nothing about
 * the export run itself, such as when it ran, so the same options give the
 * same bytes.
 */
export interface DatasetManifest {
  readonly formatVersion: 1;
  readonly seed: number;
  readonly days: number;
  /** Simulated event time covered: [from, to). */
  readonly period: { readonly from: string; readonly to: string };
  /** The command line's scenario choice, which `config.scenarios` holds as rates. */
  readonly scenarioMix: { readonly enabled: readonly string[]; readonly rateMultiplier: number };
  readonly config: SimulationConfig;
  readonly counts: DatasetCounts;
  readonly files: readonly DatasetFileEntry[];
}

export interface DatasetManifestInput {
  readonly config: SimulationConfig;
  readonly days: number;
  readonly scenarioMix: DatasetManifest['scenarioMix'];
  readonly counts: DatasetCounts;
  readonly files: readonly DatasetFileEntry[];
}

export function datasetManifest(input: DatasetManifestInput): DatasetManifest {
  const fromMs = Date.parse(input.config.startTime);
  return {
    formatVersion: 1,
    seed: input.config.seed,
    days: input.days,
    period: { from: new Date(fromMs).toISOString(), to: new Date(fromMs + input.days * DAY_MS).toISOString() },
    scenarioMix: { enabled: [...input.scenarioMix.enabled], rateMultiplier: input.scenarioMix.rateMultiplier },
    config: input.config,
    counts: input.counts,
    files: input.files,
  };
}

/** The manifest file's text: two-space indented JSON ending with a newline. */
export function formatManifest(manifest: DatasetManifest): string {
  // JSON has no Infinity (a scenario turned off has an infinite threshold) and
  // JSON.stringify would write null; the string keeps the meaning and Number() reads it back.
  const finite = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  return `${JSON.stringify(manifest, finite, 2)}\n`;
}
