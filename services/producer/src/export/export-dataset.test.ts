import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { encodeEvent, parseLabel, parseTransaction, type Label } from '@fraud/contracts';
import { simulate } from '@fraud/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CardTokenizer } from '../card/card-tokenizer.js';
import { parseSimulateOptions } from '../simulate/simulate-options.js';
import { toSimulatedEvents } from '../simulate/simulated-events.js';
import { simulationConfigOf } from '../simulate/simulation-config-of.js';
import type { DatasetManifest } from './dataset-manifest.js';
import { DatasetExistsError } from './dataset-files.js';
import { exportDataset } from './export-dataset.js';

const KEY = 'test-key-'.repeat(4);
const FILES = ['labels.csv', 'labels.jsonl', 'manifest.json', 'transactions.csv', 'transactions.jsonl'];
const DATA_FILES = FILES.filter((name) => name !== 'manifest.json');

let root: string;
let seed1: string;

function optionsFor(seed: number, out: string) {
  return parseSimulateOptions(['--seed', String(seed), '--days', '3', '--out', out]);
}

async function exportSeed(seed: number, name: string): Promise<string> {
  const out = join(root, name);
  await exportDataset(optionsFor(seed, out), new CardTokenizer(KEY));
  return out;
}

async function text(dir: string, name: string): Promise<string> {
  return readFile(join(dir, name), 'utf8');
}

function lines(content: string, end: string): string[] {
  expect(content.endsWith(end)).toBe(true);
  return content.slice(0, -end.length).split(end);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'export-dataset-test-'));
  seed1 = await exportSeed(1, 'seed-1');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('dataset export', () => {
  it('writes the four data files and the manifest, and nothing else', async () => {
    expect((await readdir(seed1)).sort()).toEqual(FILES);
  });

  it('gives byte-identical files for the same seed and different ones for another seed', async () => {
    const again = await exportSeed(1, 'seed-1-again');
    const other = await exportSeed(2, 'seed-2');
    for (const name of FILES) {
      const first = await readFile(join(seed1, name));
      expect((await readFile(join(again, name))).equals(first), name).toBe(true);
      expect((await readFile(join(other, name))).equals(first), name).toBe(false);
    }
  });

  it('records in the manifest the rows, bytes and sha256 of every file and counts that match the labels', async () => {
    const manifest = JSON.parse(await text(seed1, 'manifest.json')) as DatasetManifest;
    expect(manifest.seed).toBe(1);
    expect(manifest.days).toBe(3);
    expect(manifest.config).toEqual(simulationConfigOf(optionsFor(1, seed1)));
    expect(manifest.files.map((file) => file.name)).toEqual([
      'transactions.jsonl',
      'labels.jsonl',
      'transactions.csv',
      'labels.csv',
    ]);

    for (const entry of manifest.files) {
      const bytes = await readFile(join(seed1, entry.name));
      const content = bytes.toString('utf8');
      const header = entry.name.endsWith('.csv') ? 1 : 0;
      expect(lines(content, entry.name.endsWith('.csv') ? '\r\n' : '\n').length, entry.name).toBe(entry.rows + header);
      expect(entry.bytes, entry.name).toBe(bytes.length);
      expect(entry.sha256, entry.name).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(entry.rows, entry.name).toBe(manifest.counts.transactions);
    }

    const labels = lines(await text(seed1, 'labels.jsonl'), '\n').map((line) => JSON.parse(line) as Label);
    const byScenario: Record<string, number> = {};
    for (const name of Object.keys(manifest.counts.byScenario)) byScenario[name] = 0;
    for (const label of labels) byScenario[label.scenario] = (byScenario[label.scenario] ?? 0) + 1;
    expect(manifest.counts).toEqual({
      transactions: labels.length,
      frauds: labels.filter((label) => label.isFraud).length,
      byScenario,
    });
    expect(manifest.counts.transactions).toBeGreaterThan(1000);
    expect(manifest.counts.frauds).toBeGreaterThan(0);
  });

  it('writes each transaction and label exactly as the producer publishes them, each valid for its contract', async () => {
    const options = optionsFor(1, seed1);
    const tokenizer = new CardTokenizer(KEY);
    const expected = [...simulate(simulationConfigOf(options), 3)].map((s) => toSimulatedEvents(s, tokenizer));
    const transactions = lines(await text(seed1, 'transactions.jsonl'), '\n');
    const labels = lines(await text(seed1, 'labels.jsonl'), '\n');

    expect(transactions).toEqual(expected.map((e) => encodeEvent(e.transaction).toString('utf8')));
    expect(labels).toEqual(expected.map((e) => encodeEvent(e.label).toString('utf8')));
    for (const line of transactions) expect(parseTransaction(JSON.parse(line)).ok, line).toBe(true);
    for (const line of labels) expect(parseLabel(JSON.parse(line)).ok, line).toBe(true);
  });

  it('writes the same records as CSV with a header and the location flattened', async () => {
    const transactions = lines(await text(seed1, 'transactions.csv'), '\r\n');
    const labels = lines(await text(seed1, 'labels.csv'), '\r\n');
    const first = JSON.parse(lines(await text(seed1, 'transactions.jsonl'), '\n')[0]!) as Record<string, unknown>;
    const firstLabel = JSON.parse(lines(await text(seed1, 'labels.jsonl'), '\n')[0]!) as Label;

    expect(transactions[0]).toBe(
      'schemaVersion,transactionId,cardToken,cardBin,cardLast4,merchantId,merchantCategoryCode,amountMinor,' +
        'currency,timestamp,location_lat,location_lon,location_country,location_city,channel',
    );
    const location = first.location as Record<string, unknown>;
    expect(transactions[1]).toBe(
      [
        ...['schemaVersion', 'transactionId', 'cardToken', 'cardBin', 'cardLast4', 'merchantId'].map((f) => first[f]),
        ...['merchantCategoryCode', 'amountMinor', 'currency', 'timestamp'].map((f) => first[f]),
        ...['lat', 'lon', 'country', 'city'].map((f) => location[f]),
        first.channel,
      ]
        .map(String)
        .join(','),
    );
    expect(labels[0]).toBe('schemaVersion,transactionId,cardToken,isFraud,scenario');
    expect(labels[1]).toBe(
      `1,${firstLabel.transactionId},${firstLabel.cardToken},${firstLabel.isFraud},${firstLabel.scenario}`,
    );
  });

  it('leaves no card number of the simulation in any file', async () => {
    const pans = new Set([...simulate(simulationConfigOf(optionsFor(1, seed1)), 3)].map((s) => s.pan));
    const panLengths = new Set([...pans].map((pan) => pan.length));
    expect(pans.size).toBeGreaterThan(100);

    const found: string[] = [];
    for (const name of FILES) {
      // A PAN can only sit inside a run of at least its length of digits; try every window of every run.
      for (const [run] of (await text(seed1, name)).matchAll(/\d{12,}/g)) {
        for (const length of panLengths) {
          for (let i = 0; i + length <= run.length; i++) {
            if (pans.has(run.slice(i, i + length))) found.push(`${name}: ${run.slice(i, i + length)}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('creates a missing directory, parents included, and reports it absolute with the counts', async () => {
    const out = join(root, 'nested', 'deeper', 'set');
    const summary = await exportDataset(optionsFor(1, out), new CardTokenizer(KEY));
    const manifest = JSON.parse(await text(out, 'manifest.json')) as DatasetManifest;
    expect(summary).toEqual({
      directory: out,
      ...manifest.counts,
      elapsedMs: expect.any(Number),
      perSecond: expect.any(Number),
    });
  });

  it('refuses a directory that already holds a dataset file and leaves it as it was', async () => {
    const out = join(root, 'taken');
    await mkdir(out);
    await writeFile(join(out, 'labels.csv'), 'mine\r\n');
    await writeFile(join(out, 'notes.txt'), 'unrelated\n');

    const attempt = exportDataset(optionsFor(1, out), new CardTokenizer(KEY));
    await expect(attempt).rejects.toBeInstanceOf(DatasetExistsError);
    await expect(attempt).rejects.toThrow(
      `${out} already holds dataset files (labels.csv); choose another --out directory or delete them`,
    );
    expect((await readdir(out)).sort()).toEqual(['labels.csv', 'notes.txt']);
    expect(await text(out, 'labels.csv')).toBe('mine\r\n');
  });

  it('refuses a directory with only a manifest', async () => {
    const out = join(root, 'manifest-only');
    await exportSeed(1, 'manifest-only');
    for (const name of DATA_FILES) await rm(join(out, name));

    await expect(exportDataset(optionsFor(1, out), new CardTokenizer(KEY))).rejects.toThrow(
      `${out} already holds dataset files (manifest.json); choose another --out directory or delete them`,
    );
    expect(await readdir(out)).toEqual(['manifest.json']);
  });

  it('deletes the files it created when the export fails half-way', async () => {
    const out = join(root, 'failing');
    let calls = 0;
    const failing = new (class extends CardTokenizer {
      override tokenize(pan: string) {
        if (++calls > 2000) throw new Error('key store gone');
        return super.tokenize(pan);
      }
    })(KEY);

    await expect(exportDataset(optionsFor(1, out), failing)).rejects.toThrow('key store gone');
    expect(await readdir(out)).toEqual([]);
  });
});
