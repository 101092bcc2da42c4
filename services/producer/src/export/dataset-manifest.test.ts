import { DEFAULT_SCENARIO_SETTINGS, simulationConfig, withScenarioMix } from '@fraud/simulator';
import { describe, expect, it } from 'vitest';

import { datasetManifest, formatManifest } from './dataset-manifest.js';

const counts = { transactions: 3, frauds: 1, byScenario: { card_testing: 1, legit: 2 } };
const files = [{ name: 'labels.jsonl', rows: 3, bytes: 300, sha256: 'ab'.repeat(32) }];

describe('dataset manifest', () => {
  it('records seed, days, the period covered, the scenario mix, config, counts and files', () => {
    const config = simulationConfig({ seed: 7, startTime: '2026-03-01T00:00:00.000Z' });
    const manifest = datasetManifest({
      config,
      days: 3,
      scenarioMix: { enabled: ['card_testing'], rateMultiplier: 2 },
      counts,
      files,
    });
    expect(manifest).toEqual({
      formatVersion: 1,
      seed: 7,
      days: 3,
      period: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z' },
      scenarioMix: { enabled: ['card_testing'], rateMultiplier: 2 },
      config,
      counts,
      files,
    });
  });

  it('formats as indented JSON ending with a newline that parses back to the manifest', () => {
    const manifest = datasetManifest({
      config: simulationConfig({ seed: 1 }),
      days: 1,
      scenarioMix: { enabled: ['amount_outlier'], rateMultiplier: 1 },
      counts,
      files,
    });
    const text = formatManifest(manifest);
    expect(text.startsWith('{\n  "formatVersion": 1,\n  "seed": 1,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(manifest);
  });

  it('writes the infinite threshold of a scenario that is off as "Infinity", not null', () => {
    const scenarios = withScenarioMix(DEFAULT_SCENARIO_SETTINGS, { enabled: ['card_testing'], rateMultiplier: 1 });
    const manifest = datasetManifest({
      config: simulationConfig({ scenarios }),
      days: 1,
      scenarioMix: { enabled: ['card_testing'], rateMultiplier: 1 },
      counts,
      files,
    });
    const parsed = JSON.parse(formatManifest(manifest)) as {
      config: { scenarios: { amountOutlierThreshold: unknown } };
    };
    expect(parsed.config.scenarios.amountOutlierThreshold).toBe('Infinity');
  });
});
