import { randomUUID } from 'node:crypto';

import { decodeIngestRequest, type IngestTransaction, type Transaction } from '@fraud/contracts';
import { SETTINGS } from '@fraud/config';
import { EventPublisher } from '@fraud/transport';
import { Inject, Injectable } from '@nestjs/common';

import { CardTokenizer } from '../card/card-tokenizer.js';
import type { ProducerSettings } from '../settings/producer-settings.js';
import { IngestMetrics } from './ingest-metrics.js';
import { IngestRejectedError, IngestUnavailableError } from './ingest-errors.js';
import { duplicateTransactionIds, toIngestProblems } from './ingest-problems.js';
import { toTransaction } from './to-transaction.js';

/**
 * The ingest API's work: validate a body, tokenise its card numbers and
 * publish the Transactions, resolving with their ids only once the transport
 * has durably accepted every one.
 */
@Injectable()
export class IngestService {
  private readonly publishTimeoutMs: number;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly tokenizer: CardTokenizer,
    private readonly metrics: IngestMetrics,
    @Inject(SETTINGS) settings: ProducerSettings,
  ) {
    this.publishTimeoutMs = settings.INGEST_PUBLISH_TIMEOUT_MS;
  }

  async ingest(body: Uint8Array | undefined): Promise<string[]> {
    const transactions = this.validate(body);
    const receivedAt = new Date();
    const events = transactions.map((input): Transaction =>
      toTransaction(input, this.tokenizer.tokenize(input.pan), { newTransactionId: randomUUID, receivedAt }),
    );
    await this.publish(events);
    this.metrics.transactionsAccepted.inc(events.length);
    return events.map((event) => event.transactionId);
  }

  private validate(body: Uint8Array | undefined): IngestTransaction[] {
    const parsed = decodeIngestRequest(body ?? '');
    if (!parsed.ok) throw new IngestRejectedError(toIngestProblems(parsed.error.issues));
    const batch = 'transactions' in parsed.value;
    const transactions = 'transactions' in parsed.value ? parsed.value.transactions : [parsed.value];
    const duplicates = duplicateTransactionIds(transactions, batch);
    if (duplicates.length > 0) throw new IngestRejectedError(duplicates);
    return transactions;
  }

  private async publish(events: readonly Transaction[]): Promise<void> {
    const stopTimer = this.metrics.publishSeconds.startTimer();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new IngestUnavailableError(
            `the stream transport did not accept the transactions within ${this.publishTimeoutMs} ms`,
          ),
        );
      }, this.publishTimeoutMs);
    });
    const publishing = this.publisher.publish('transactions', events);
    // A publish still running after the timeout may yet land; the client's retry
    // with the same transactionIds is then a duplicate every stage drops.
    publishing.catch(() => undefined);
    try {
      await Promise.race([publishing, timedOut]);
    } catch (error) {
      if (error instanceof IngestUnavailableError) throw error;
      throw new IngestUnavailableError('the stream transport did not accept the transactions', { cause: error });
    } finally {
      clearTimeout(timer);
      stopTimer();
    }
  }
}
