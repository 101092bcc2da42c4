import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { SimulatedEvents } from '../simulate/simulated-events.js';
import { csvRow } from './csv-row.js';
import { LABEL_COLUMNS, TRANSACTION_COLUMNS, csvHeader, csvValues } from './dataset-columns.js';
import { DatasetFile, type DatasetFileEntry } from './dataset-file.js';

export const TRANSACTIONS_JSONL = 'transactions.jsonl';
export const LABELS_JSONL = 'labels.jsonl';
export const TRANSACTIONS_CSV = 'transactions.csv';
export const LABELS_CSV = 'labels.csv';
/** Written last, so a directory with data files and no manifest is an export that did not finish. */
export const MANIFEST_JSON = 'manifest.json';

export const DATASET_FILE_NAMES = [TRANSACTIONS_JSONL, LABELS_JSONL, TRANSACTIONS_CSV, LABELS_CSV, MANIFEST_JSON];

/** Thrown when the output directory already holds a dataset: an export never overwrites one. */
export class DatasetExistsError extends Error {
  readonly existing: readonly string[];

  constructor(dir: string, existing: readonly string[]) {
    super(`${dir} already holds dataset files (${existing.join(', ')}); choose another --out directory or delete them`);
    this.name = 'DatasetExistsError';
    this.existing = existing;
  }
}

/** The dataset's data files, open for writing: each transaction and its label go to all four. */
export class DatasetFiles {
  readonly #files: readonly DatasetFile[];
  readonly #transactionsJsonl: DatasetFile;
  readonly #labelsJsonl: DatasetFile;
  readonly #transactionsCsv: DatasetFile;
  readonly #labelsCsv: DatasetFile;

  private constructor(
    transactionsJsonl: DatasetFile,
    labelsJsonl: DatasetFile,
    transactionsCsv: DatasetFile,
    labelsCsv: DatasetFile,
  ) {
    this.#transactionsJsonl = transactionsJsonl;
    this.#labelsJsonl = labelsJsonl;
    this.#transactionsCsv = transactionsCsv;
    this.#labelsCsv = labelsCsv;
    this.#files = [transactionsJsonl, labelsJsonl, transactionsCsv, labelsCsv];
  }

  /** Creates `dir` if needed and the data files in it; refuses a directory that already holds any dataset file. */
  static async create(dir: string): Promise<DatasetFiles> {
    await mkdir(dir, { recursive: true });
    const existing = await existingDatasetFiles(dir);
    if (existing.length > 0) throw new DatasetExistsError(dir, existing);

    const created: DatasetFile[] = [];
    // Exclusive creation also guards against a second export started in the same directory meanwhile.
    const create = async (name: string, header?: string): Promise<DatasetFile> => {
      const file = await DatasetFile.create(dir, name, header);
      created.push(file);
      return file;
    };
    try {
      return new DatasetFiles(
        await create(TRANSACTIONS_JSONL),
        await create(LABELS_JSONL),
        await create(TRANSACTIONS_CSV, csvRow(csvHeader(TRANSACTION_COLUMNS))),
        await create(LABELS_CSV, csvRow(csvHeader(LABEL_COLUMNS))),
      );
    } catch (error) {
      await Promise.all(created.map((file) => file.discard()));
      if (isAlreadyThere(error)) throw new DatasetExistsError(dir, await existingDatasetFiles(dir));
      throw error;
    }
  }

  /** Adds one transaction and its label; true when `flush` should be awaited before adding more. */
  add({ transaction, label }: SimulatedEvents): boolean {
    // JSON.stringify, as encodeEvent does: each line is byte for byte the record published to the stream.
    let full = this.#transactionsJsonl.add(`${JSON.stringify(transaction)}\n`);
    full = this.#labelsJsonl.add(`${JSON.stringify(label)}\n`) || full;
    full = this.#transactionsCsv.add(csvRow(csvValues(TRANSACTION_COLUMNS, transaction))) || full;
    full = this.#labelsCsv.add(csvRow(csvValues(LABEL_COLUMNS, label))) || full;
    return full;
  }

  async flush(): Promise<void> {
    for (const file of this.#files) await file.flush();
  }

  /** Completes every file; their entries in file order. */
  async finish(): Promise<DatasetFileEntry[]> {
    const entries: DatasetFileEntry[] = [];
    for (const file of this.#files) entries.push(await file.finish());
    return entries;
  }

  async discard(): Promise<void> {
    await Promise.all(this.#files.map((file) => file.discard()));
  }
}

async function existingDatasetFiles(dir: string): Promise<string[]> {
  const present = await Promise.all(
    DATASET_FILE_NAMES.map((name) =>
      access(join(dir, name)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return DATASET_FILE_NAMES.filter((_, i) => present[i]);
}

function isAlreadyThere(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}
