import { createHash, type Hash } from 'node:crypto';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** What the manifest records of one written file. */
export interface DatasetFileEntry {
  readonly name: string;
  /** Data rows; a CSV header is not one. */
  readonly rows: number;
  readonly bytes: number;
  /** SHA-256 of the file's bytes, lowercase hex. */
  readonly sha256: string;
}

// Rows are gathered into chunks of about this size: one write per chunk
// instead of one per row, and never more than a chunk per file in memory.
const CHUNK_CHARS = 256 * 1024;

/**
 * One dataset file, written row by row. Each full chunk is awaited until the
 * operating system has taken it, so a fast producer waits for the disk
 * rather than queueing rows in memory.
 */
export class DatasetFile {
  readonly name: string;
  readonly path: string;
  readonly #handle: FileHandle;
  readonly #hash: Hash = createHash('sha256');
  #pending = '';
  #rows = 0;
  #bytes = 0;

  private constructor(dir: string, name: string, handle: FileHandle) {
    this.name = name;
    this.path = join(dir, name);
    this.#handle = handle;
  }

  /** Creates `dir/name`, failing with EEXIST rather than overwriting a file that is there. */
  static async create(dir: string, name: string, header?: string): Promise<DatasetFile> {
    const file = new DatasetFile(dir, name, await open(join(dir, name), 'wx'));
    if (header !== undefined) file.#pending = header;
    return file;
  }

  /** Adds one row (its line end included); true when a chunk is full and `flush` should be awaited. */
  add(row: string): boolean {
    this.#pending += row;
    this.#rows++;
    return this.#pending.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.#pending === '') return;
    const chunk = Buffer.from(this.#pending, 'utf8');
    this.#pending = '';
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    // A write may take only part of the buffer; go on until all of it is down.
    for (let offset = 0; offset < chunk.length;) {
      const { bytesWritten } = await this.#handle.write(chunk, offset);
      offset += bytesWritten;
    }
  }

  /** Writes what is left, makes it durable and closes the file. */
  async finish(): Promise<DatasetFileEntry> {
    await this.flush();
    await this.#handle.sync();
    await this.#handle.close();
    return { name: this.name, rows: this.#rows, bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  /** Closes and deletes the file, after a failed export, so no partial dataset is left behind. */
  async discard(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }
}
