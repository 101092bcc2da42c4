import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DatasetFile } from './dataset-file.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dataset-file-test-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dataset file', () => {
  it('writes the header and rows and records rows, bytes and sha256 of what is on disk', async () => {
    const file = await DatasetFile.create(dir, 'labels.csv', 'a,b\r\n');
    expect(file.add('1,é\r\n')).toBe(false);
    expect(file.add('2,x\r\n')).toBe(false);
    const entry = await file.finish();

    const bytes = await readFile(join(dir, 'labels.csv'));
    expect(bytes.toString('utf8')).toBe('a,b\r\n1,é\r\n2,x\r\n');
    expect(entry).toEqual({
      name: 'labels.csv',
      rows: 2,
      bytes: 16,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  });

  it('asks for a flush once a chunk is full and keeps every row across chunks', async () => {
    const file = await DatasetFile.create(dir, 'transactions.jsonl');
    const row = `${'x'.repeat(1023)}\n`;
    let flushes = 0;
    for (let i = 0; i < 1000; i++) {
      if (file.add(row)) {
        flushes++;
        await file.flush();
      }
    }
    const entry = await file.finish();

    expect(flushes).toBe(3);
    expect(entry.rows).toBe(1000);
    expect(entry.bytes).toBe(1024 * 1000);
    expect(await readFile(join(dir, 'transactions.jsonl'), 'utf8')).toBe(row.repeat(1000));
  });

  it('refuses to overwrite a file that is already there', async () => {
    await writeFile(join(dir, 'labels.jsonl'), 'kept\n');
    await expect(DatasetFile.create(dir, 'labels.jsonl')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(dir, 'labels.jsonl'), 'utf8')).toBe('kept\n');
  });

  it('deletes its file when discarded', async () => {
    const file = await DatasetFile.create(dir, 'labels.jsonl');
    file.add('{}\n');
    await file.flush();
    await file.discard();
    expect(await readdir(dir)).toEqual([]);
  });
});
