import { exampleIngestTransaction } from '@fraud/contracts';
import {
  type ServiceProcess,
  startLocalKafka,
  startLocalKinesis,
  startServiceProcess,
  uniqueStreamPrefix,
} from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { PRODUCER_ENTRY, producerEnv, TEST_API_KEYS } from '../test-support/producer-env.js';

vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 });

const PUBLISH_TIMEOUT_MS = 3_000;

/** The value of a Prometheus sample, or 0 when the series does not exist yet. */
function sample(metrics: string, name: string, labels: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe.each(['kafka', 'kinesis'] as const)('the ingest API when the %s transport is down', (transport) => {
  // A transport of its own: stopping the shared stack would break every other test.
  let own: { stop(): Promise<void> } | undefined;
  let producer: ServiceProcess;
  const prefix = uniqueStreamPrefix(`unavailable-${transport}`);
  const stream = `${prefix}transactions`;

  async function post(body: unknown): Promise<Response> {
    return fetch(`${producer.baseUrl}/v1/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEYS[0] },
      body: JSON.stringify(body),
    });
  }

  async function metrics(): Promise<{ published: number; accepted: number; unavailable: number }> {
    const text = await (await fetch(`${producer.baseUrl}/metrics`)).text();
    return {
      published: sample(text, 'transport_records_published_total', `stream="${stream}"`),
      accepted: sample(text, 'producer_ingest_transactions_accepted_total', 'service="producer"'),
      unavailable: sample(text, 'producer_ingest_requests_total', 'outcome="unavailable"'),
    };
  }

  beforeAll(async () => {
    let endpoint: Record<string, string>;
    if (transport === 'kafka') {
      const kafka = await startLocalKafka({ partitions: 2 });
      own = kafka;
      endpoint = { KAFKA_BROKERS: kafka.endpoints.kafkaBrokers };
    } else {
      const kinesis = await startLocalKinesis();
      own = kinesis;
      endpoint = { KINESIS_ENDPOINT: kinesis.endpoints.kinesisEndpoint };
    }
    producer = await startServiceProcess({
      entry: PRODUCER_ENTRY,
      env: producerEnv(inject('infraEnv'), transport, prefix, {
        ...endpoint,
        INGEST_PUBLISH_TIMEOUT_MS: String(PUBLISH_TIMEOUT_MS),
        SHUTDOWN_TIMEOUT_SECONDS: '10',
      }),
      readyTimeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    await producer.stop('SIGTERM', 15_000);
    await own?.stop();
  });

  it('answers 503 with Retry-After within the publish timeout, and publishes nothing of the batch', async () => {
    expect((await post({ ...exampleIngestTransaction, transactionId: `${prefix}before` })).status).toBe(202);
    expect(await metrics()).toEqual({ published: 1, accepted: 1, unavailable: 0 });

    await own?.stop();
    own = undefined;
    const started = Date.now();
    const answer = await post({
      transactions: [1, 2, 3].map((n) => ({ ...exampleIngestTransaction, transactionId: `${prefix}during-${n}` })),
    });
    const elapsedMs = Date.now() - started;
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(await answer.json()).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringContaining('retry with the same transactionIds') as unknown,
    });
    expect(elapsedMs).toBeLessThan(PUBLISH_TIMEOUT_MS + 2_000);

    // The transport's own retries end after the answer; none of them may land a record.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    expect(await metrics()).toEqual({ published: 1, accepted: 1, unavailable: 1 });
  });
});
