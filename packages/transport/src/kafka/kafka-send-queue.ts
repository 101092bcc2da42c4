import { PublishError, type OutgoingRecord } from '../stream-transport.js';
import { chunkBytes, MAX_SEND_BYTES, sendChunks } from './kafka-send-chunks.js';

/** One stream's records in a produce request. */
export interface SendPart {
  stream: string;
  records: readonly OutgoingRecord[];
}

/** Sends one produce request holding every part; rejects if any did not land. */
export type SendRequest = (parts: readonly SendPart[]) => Promise<void>;

/** A publish waiting for its chunks to be sent, one request each, in order. */
interface QueuedPublish {
  stream: string;
  chunks: OutgoingRecord[][];
  /** Chunks sent so far, and their records. */
  sentChunks: number;
  sentRecords: number;
  total: number;
  /** Sent in a request of its own: a shared request that failed is retried a publish at a time. */
  alone: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Publishes made while a produce request is in flight go out together in the
 * next one. An idempotent producer has one request in flight per broker, so
 * concurrent publishes queue anyway; sent one by one, four partitions'
 * batches finishing together wait for three round trips before the last
 * lands. Those made in one turn of the event loop also share a request.
 *
 * A publish too big for one request is sent a chunk at a time (sendChunks).
 * Each publish's records keep their order; if a request fails, each publish
 * in it fails from its first unsent record on, and its later chunks are not
 * sent, so a retry cannot land a key's records out of order. A shared
 * request that failed is first tried again a publish at a time: one that
 * cannot land (a stream that does not exist) fails alone, and does not take
 * the others down with it on every retry.
 */
export class SendQueue {
  private readonly waiting: QueuedPublish[] = [];
  private draining = false;

  constructor(
    private readonly send: SendRequest,
    private readonly maxBytes: number = MAX_SEND_BYTES,
  ) {}

  publish(stream: string, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({
        stream,
        chunks: sendChunks(records, this.maxBytes),
        sentChunks: 0,
        sentRecords: 0,
        total: records.length,
        alone: false,
        resolve,
        reject,
      });
      if (!this.draining) {
        this.draining = true;
        // After the rest of this turn: the other publishes it makes share the request.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const taken = this.nextRequest();
      try {
        await this.send(taken.map((publish) => ({ stream: publish.stream, records: this.nextChunk(publish) })));
      } catch (error) {
        if (taken.length > 1) for (const publish of taken) publish.alone = true;
        else for (const publish of taken) this.fail(publish, error);
        continue;
      }
      for (const publish of taken) {
        publish.sentRecords += this.nextChunk(publish).length;
        publish.sentChunks += 1;
        if (publish.sentChunks === publish.chunks.length) {
          this.remove(publish);
          publish.resolve();
        }
      }
    }
    this.draining = false;
  }

  /** The next chunk of each waiting publish, oldest first, while they fit in one request (at least one). */
  private nextRequest(): QueuedPublish[] {
    const taken: QueuedPublish[] = [];
    let bytes = 0;
    for (const publish of this.waiting) {
      const size = chunkBytes(this.nextChunk(publish));
      if (taken.length > 0 && (publish.alone || taken[0]?.alone === true || bytes + size > this.maxBytes)) break;
      taken.push(publish);
      bytes += size;
    }
    return taken;
  }

  private nextChunk(publish: QueuedPublish): OutgoingRecord[] {
    return publish.chunks[publish.sentChunks] ?? [];
  }

  private fail(publish: QueuedPublish, error: unknown): void {
    this.remove(publish);
    const reason = error instanceof Error ? error.message : String(error);
    const failures = Array.from({ length: publish.total - publish.sentRecords }, (_, offset) => ({
      index: publish.sentRecords + offset,
      error: reason,
    }));
    publish.reject(new PublishError(publish.stream, failures, { cause: error }));
  }

  private remove(publish: QueuedPublish): void {
    this.waiting.splice(this.waiting.indexOf(publish), 1);
  }
}
