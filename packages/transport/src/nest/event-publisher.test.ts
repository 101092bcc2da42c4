import { exampleFraudAlert, exampleLabel, type StreamName } from '@fraud/contracts';
import { isTransient, TransientError } from '@fraud/resilience';
import { describe, expect, it } from 'vitest';

import { PublishError, type OutgoingRecord, type StreamPublisher, type StreamTransport } from '../stream-transport.js';
import { EventPublisher } from './event-publisher.js';

/** Our StreamTransport interface with a publisher that records, or refuses every record. */
function transportWith(publisher: StreamPublisher): StreamTransport {
  return {
    kind: 'kinesis',
    publisher,
    ensureStreams: () => Promise.resolve(),
    consumer: () => {
      throw new Error('not consumed in these tests');
    },
    connect: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** A publisher of the declared streams, and how many publishes reached its transport. */
function countingPublisher(publishes: StreamName[]): { publisher: EventPublisher; calls: () => number } {
  let calls = 0;
  const transport = transportWith({
    publish: () => {
      calls += 1;
      return Promise.resolve();
    },
  });
  return { publisher: new EventPublisher(transport, '', publishes), calls: () => calls };
}

describe('EventPublisher', () => {
  it('publishes each event as one UTF-8 JSON record with its key, to the prefixed stream', async () => {
    const published: { stream: string; records: OutgoingRecord[] }[] = [];
    const publisher = new EventPublisher(
      transportWith({
        publish: (stream, records) => {
          published.push({ stream, records: [...records] });
          return Promise.resolve();
        },
      }),
      'dev_',
      ['transaction-labels'],
    );

    await publisher.publish('transaction-labels', [
      { ...exampleLabel, cardToken: 'card-1' },
      { ...exampleLabel, cardToken: 'card-2', isFraud: true, scenario: 'card-testing' },
    ]);

    expect(published).toEqual([
      {
        stream: 'dev_transaction-labels',
        records: [
          { key: 'card-1', value: Buffer.from(JSON.stringify({ ...exampleLabel, cardToken: 'card-1' }), 'utf8') },
          {
            key: 'card-2',
            value: Buffer.from(
              JSON.stringify({ ...exampleLabel, cardToken: 'card-2', isFraud: true, scenario: 'card-testing' }),
              'utf8',
            ),
          },
        ],
      },
    ]);
  });

  it('publishes nothing for no events', async () => {
    const { publisher, calls } = countingPublisher(['fraud-alerts']);

    await publisher.publish('fraud-alerts', []);

    expect(calls()).toBe(0);
  });

  it('rejects a publish the transport did not accept as transient, keeping its PublishError as the cause', async () => {
    const refusal = new PublishError('fraud-alerts', [{ index: 0, error: 'ProvisionedThroughputExceededException' }]);
    const publisher = new EventPublisher(transportWith({ publish: () => Promise.reject(refusal) }), '', [
      'fraud-alerts',
    ]);

    const outcome = publisher.publish('fraud-alerts', [exampleFraudAlert]);

    await expect(outcome).rejects.toBeInstanceOf(TransientError);
    await expect(outcome).rejects.toThrow(
      'publish to fraud-alerts failed: publish to fraud-alerts: 1 record(s) not accepted: #0 ProvisionedThroughputExceededException',
    );
    await expect(outcome).rejects.toMatchObject({ cause: refusal });
    expect(isTransient(await outcome.catch((error: unknown) => error))).toBe(true);
  });

  it('refuses, as a failure of the code rather than a transient one, a stream the service did not declare', async () => {
    const { publisher, calls } = countingPublisher(['fraud-scores']);

    const outcome = publisher.publish('fraud-alerts', [exampleFraudAlert]);

    await expect(outcome).rejects.toThrow('this service does not publish to fraud-alerts: it declared fraud-scores');
    expect(isTransient(await outcome.catch((error: unknown) => error))).toBe(false);
    expect(calls()).toBe(0);
  });
});
