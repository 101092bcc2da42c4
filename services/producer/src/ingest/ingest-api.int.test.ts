import { decodeTransaction, exampleIngestTransaction, type Transaction } from '@fraud/contracts';
import {
  decodeRecords,
  readStream,
  type ServiceProcess,
  startServiceProcess,
  uniqueStreamPrefix,
} from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

import { expectedToken, PRODUCER_ENTRY, producerEnv, TEST_API_KEYS } from '../test-support/producer-env.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 180_000 });

const MAX_BODY_BYTES = 65_536;

type Body = Record<string, unknown>;

/** A valid transaction the API accepts, with its own id. */
function valid(id: string, pan = '4111111111111111'): Body {
  return { ...exampleIngestTransaction, pan, transactionId: id };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

describe.each(['kafka', 'kinesis'] as const)('the ingest API on %s', (transport) => {
  const infra = inject('infra');
  const prefix = uniqueStreamPrefix(`ingest-${transport}`);
  let producer: ServiceProcess;
  /** Every PAN sent in any request, valid or not: none may appear in a stream or a log. */
  const pansSent = new Set<string>();
  /** The transactions answered 202, in order. */
  const accepted: { id: string; pan: string; body: Body }[] = [];

  async function post(body: unknown, options: { key?: string | null; contentType?: string } = {}): Promise<Answer> {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    for (const match of text.matchAll(/\d{12,19}/g)) pansSent.add(match[0]);
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    if (options.key !== null) headers['x-api-key'] = options.key ?? TEST_API_KEYS[1];
    const response = await fetch(`${producer.baseUrl}/v1/transactions`, { method: 'POST', headers, body: text });
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  }

  function fieldsOf(answer: Answer): string[] {
    return (answer.body.problems as { field: string }[]).map((problem) => problem.field);
  }

  beforeAll(async () => {
    producer = await startServiceProcess({
      entry: PRODUCER_ENTRY,
      env: producerEnv(inject('infraEnv'), transport, prefix, { INGEST_MAX_BODY_BYTES: String(MAX_BODY_BYTES) }),
      readyTimeoutMs: 60_000,
    });
  });

  afterAll(async () => {
    const exit = await producer.stop();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('answers 202 with the id of a single transaction once it is published', async () => {
    const body = valid(`${prefix}single`);
    const answer = await post(body);
    expect(answer).toMatchObject({ status: 202, body: { transactionIds: [`${prefix}single`] } });
    accepted.push({ id: `${prefix}single`, pan: '4111111111111111', body });
  });

  it('answers 202 with every id of a batch, generating the missing ones', async () => {
    const first = valid(`${prefix}batch-1`, '5555555555554444');
    const { transactionId: _, ...second } = valid('unused', '4000056655665556');
    const answer = await post({ transactions: [first, second] });
    expect(answer.status).toBe(202);
    const ids = answer.body.transactionIds as string[];
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(`${prefix}batch-1`);
    expect(ids[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    accepted.push(
      { id: ids[0]!, pan: '5555555555554444', body: first },
      { id: ids[1]!, pan: '4000056655665556', body: second },
    );
  });

  const badRequests: [string, () => unknown, string[]][] = [
    ['malformed JSON', () => '{"pan": "4111111111111111", ', ['body']],
    ['an empty body', () => '', ['body']],
    ['a missing merchantId', () => omit(valid('bad-1'), 'merchantId'), ['merchantId']],
    [
      'a missing location and channel',
      () => omit(omit(valid('bad-2'), 'location'), 'channel'),
      ['location', 'channel'],
    ],
    ['a string amount', () => ({ ...valid('bad-3'), amountMinor: '4599' }), ['amountMinor']],
    ['a negative amount', () => ({ ...valid('bad-4'), amountMinor: -5 }), ['amountMinor']],
    ['a zero amount', () => ({ ...valid('bad-5'), amountMinor: 0 }), ['amountMinor']],
    ['a fractional amount', () => ({ ...valid('bad-6'), amountMinor: 45.5 }), ['amountMinor']],
    ['a bad currency', () => ({ ...valid('bad-7'), currency: 'EURO' }), ['currency']],
    ['a lowercase currency', () => ({ ...valid('bad-8'), currency: 'eur' }), ['currency']],
    [
      'a bad country',
      () => ({ ...valid('bad-9'), location: { lat: 1, lon: 2, country: 'Portugal' } }),
      ['location.country'],
    ],
    [
      'a latitude out of range',
      () => ({ ...valid('bad-10'), location: { lat: 91, lon: 2, country: 'PT' } }),
      ['location.lat'],
    ],
    ['a Luhn-invalid PAN', () => valid('bad-11', '4111111111111112'), ['pan']],
    ['a PAN with letters', () => valid('bad-12', '4111-1111-1111-1111'), ['pan']],
    ['a CVV', () => ({ ...valid('bad-13'), cvv: '123' }), ['cvv']],
    ['track data', () => ({ ...valid('bad-14'), track2: ';4111111111111111=2812101?' }), ['track2']],
    ['an unknown field', () => ({ ...valid('bad-15'), amount: 12 }), ['amount']],
    ['a wrong channel', () => ({ ...valid('bad-16'), channel: 'atm' }), ['channel']],
    ['a bad timestamp', () => ({ ...valid('bad-17'), timestamp: 'yesterday' }), ['timestamp']],
    [
      'a batch with one bad transaction among good ones',
      () => ({ transactions: [valid('bad-18a'), { ...valid('bad-18b'), amountMinor: -1 }, valid('bad-18c')] }),
      ['transactions.1.amountMinor'],
    ],
    [
      'a batch repeating a transactionId',
      () => ({ transactions: [valid('bad-19'), valid('bad-19', '5555555555554444')] }),
      ['transactions.1.transactionId'],
    ],
    ['an empty batch', () => ({ transactions: [] }), ['transactions']],
    ['a batch with a CVV beside it', () => ({ transactions: [valid('bad-20')], cvc: '999' }), ['cvc']],
  ];

  it.each(badRequests)('refuses %s with 400 naming the field', async (_, body, fields) => {
    const answer = await post(body());
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(fieldsOf(answer)).toEqual(fields);
    // The answer never repeats a card number.
    expect(JSON.stringify(answer.body)).not.toMatch(/\d{12,19}/);
  });

  it('names the problem of a CVV in words', async () => {
    const answer = await post({ ...valid('bad-21'), cvv: '123' });
    expect(answer.body.problems).toEqual([
      { field: 'cvv', message: 'card security codes (CVV, CVC, CID) must never be sent' },
    ]);
  });

  it('refuses a body over the limit with 413', async () => {
    const padding = 'x'.repeat(MAX_BODY_BYTES);
    const answer = await post({ ...valid('bad-22'), merchantId: padding });
    expect(answer).toMatchObject({ status: 413, body: { statusCode: 413, message: 'Request body is too large' } });
  });

  it('refuses a request without a key, or with a wrong one, with 401', async () => {
    expect(await post(valid('bad-23'), { key: null })).toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'missing x-api-key header' },
    });
    expect(await post(valid('bad-24'), { key: `${TEST_API_KEYS[0]}x` })).toMatchObject({
      status: 401,
      body: { statusCode: 401, message: 'invalid x-api-key header' },
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const answer = await post(valid('bad-25'), { contentType: 'text/plain' });
    expect(answer).toMatchObject({ status: 415, body: { problems: [{ field: 'content-type' }] } });
  });

  it('accepts either configured key', async () => {
    const body = valid(`${prefix}key-a`, '4242424242424242');
    expect((await post(body, { key: TEST_API_KEYS[0] })).status).toBe(202);
    accepted.push({ id: `${prefix}key-a`, pan: '4242424242424242', body });
  });

  it('published exactly the accepted transactions, tokenised and keyed by card token', async () => {
    const stored = decodeRecords(await readStream(transport, infra, `${prefix}transactions`), decodeTransaction);
    for (const { key, event } of stored) expect(key).toBe(event.cardToken);
    const events = stored.map(({ event }) => event);
    const byId = new Map(events.map((event) => [event.transactionId, event]));
    expect([...byId.keys()].sort()).toEqual(accepted.map(({ id }) => id).sort());
    expect(events).toHaveLength(accepted.length);
    for (const { id, pan, body } of accepted) {
      const event = byId.get(id)!;
      const { pan: _, transactionId: __, timestamp, ...rest } = body as Body & { timestamp?: string };
      const expected: Partial<Transaction> = {
        ...rest,
        schemaVersion: 1,
        transactionId: id,
        cardToken: expectedToken(pan),
        cardBin: pan.slice(0, 6),
        cardLast4: pan.slice(-4),
      };
      expect(event).toMatchObject(expected);
      if (timestamp !== undefined) expect(event.timestamp).toBe(timestamp);
      expect(Object.keys(event)).not.toContain('pan');
    }
  });

  it('shows no card number in any published record or in its logs', async () => {
    const stored = await readStream(transport, infra, `${prefix}transactions`);
    const published = stored.map((record) => record.value.toString('utf8')).join('\n');
    const logs = producer.stdout() + producer.stderr();
    expect(logs).toContain('ingest request refused');
    for (const pan of pansSent) {
      expect(published).not.toContain(pan);
      expect(logs).not.toContain(pan);
    }
  });
});

function omit(body: Body, field: string): Body {
  const { [field]: _, ...rest } = body;
  return rest;
}
