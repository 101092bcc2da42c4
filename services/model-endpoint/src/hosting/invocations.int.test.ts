import { startServiceProcess, type ServiceProcess } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  csvOf,
  MODEL_ENDPOINT_ENTRY,
  modelEndpointEnv,
  parityMisses,
  parityRows,
  scoresOfCsv,
  scoresOfJson,
  type ParityRow,
} from '../test-support/model-endpoint-env.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const MAX_ROWS = 100;
const MAX_BODY_BYTES = 65_536;

/** A request the endpoint must refuse, and the status and reason it must answer. */
interface RefusalCase {
  case: string;
  send: () => readonly [string | undefined, Record<string, string>];
  status: number;
  message: () => string;
}

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

describe('the SageMaker container contract (/ping, /invocations)', () => {
  let endpoint: ServiceProcess;
  let rows: ParityRow[];
  let featureNames: string[];
  let tolerance: number;

  async function invoke(body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${endpoint.baseUrl}/invocations`, { method: 'POST', headers, body });
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  }

  async function metric(line: string): Promise<number> {
    const text = await (await fetch(`${endpoint.baseUrl}/metrics`)).text();
    const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
    return found === undefined ? 0 : Number(found.slice(line.length + 1));
  }

  beforeAll(async () => {
    ({ rows, featureNames, tolerance } = await parityRows());
    endpoint = await startServiceProcess({
      entry: MODEL_ENDPOINT_ENTRY,
      env: modelEndpointEnv({
        INVOCATION_MAX_ROWS: String(MAX_ROWS),
        INVOCATION_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      }),
    });
  });

  afterAll(async () => {
    const exit = await endpoint.stop();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it('answers /ping with 200 and the model version of the manifest', async () => {
    const response = await fetch(`${endpoint.baseUrl}/ping`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', modelVersion: 'xgb-cc777d112c3d' });
  });

  it("scores every parity row as text/csv within 1e-5 of xgboost's own prediction, one line each", async () => {
    expect(tolerance).toBe(1e-5);
    const answer = await invoke(csvOf(rows), { 'content-type': 'text/csv', accept: 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/csv');
    const scores = scoresOfCsv(answer.body);
    expect(scores).toHaveLength(50);
    expect(parityMisses(rows, scores, 1e-5)).toEqual([]);
  });

  it("scores every parity row as application/json within 1e-5 of xgboost's own prediction", async () => {
    const body = JSON.stringify({ instances: rows.map((row) => row.features) });
    const answer = await invoke(body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json; charset=utf-8');
    const scores = scoresOfJson(answer.body);
    expect(scores).toHaveLength(50);
    expect(parityMisses(rows, scores, 1e-5)).toEqual([]);
  });

  it('gives a row the same score, to the last bit, alone or in a batch of any size', async () => {
    // The parity rows scaled 20 ways: enough rows that a sum of the trees in another order would show.
    const many = Array.from({ length: 20 }, (_, k) =>
      rows.map((row) => ({ ...row, features: row.features.map((value) => value * (1 + k / 40)) })),
    ).flat();
    const csv = { 'content-type': 'text/csv', accept: 'text/csv' };
    const scoreIn = async (size: number) => {
      const scores: number[] = [];
      for (let i = 0; i < many.length; i += size) {
        scores.push(...scoresOfCsv((await invoke(csvOf(many.slice(i, i + size)), csv)).body));
      }
      return scores;
    };
    const inHundreds = await scoreIn(MAX_ROWS);
    expect(inHundreds).toHaveLength(1_000);
    expect(await scoreIn(1)).toEqual(inHundreds);
    expect(await scoreIn(7)).toEqual(inHundreds);
  });

  it('takes SageMaker\'s {"features": [...]} instances and answers in the format Accept asks for', async () => {
    const body = JSON.stringify({ instances: rows.slice(0, 3).map((row) => ({ features: row.features })) });
    const answer = await invoke(body, { 'content-type': 'application/json', accept: 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/csv');
    expect(parityMisses(rows.slice(0, 3), scoresOfCsv(answer.body), 1e-5)).toEqual([]);
  });

  it('reads a body without Content-Type as text/csv, as the built-in XGBoost container does', async () => {
    const response = await fetch(`${endpoint.baseUrl}/invocations`, {
      method: 'POST',
      body: new Blob([csvOf(rows.slice(0, 2))]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(parityMisses(rows.slice(0, 2), scoresOfCsv(await response.text()), 1e-5)).toEqual([]);
  });

  it('scores concurrent requests each with its own rows', async () => {
    const slices = Array.from({ length: 25 }, (_, index) => rows.slice(index * 2, index * 2 + 2));
    const answers = await Promise.all(slices.map((slice) => invoke(csvOf(slice), { 'content-type': 'text/csv' })));
    const misses = answers.flatMap((answer, index) => parityMisses(slices[index]!, scoresOfCsv(answer.body), 1e-5));
    expect({ statuses: new Set(answers.map((answer) => answer.status)), misses }).toEqual({
      statuses: new Set([200]),
      misses: [],
    });
  });

  const csv = { 'content-type': 'text/csv' };
  const json = { 'content-type': 'application/json' };
  const row = (index: number) => rows[index]!.features.join(',');

  it.each<RefusalCase>([
    {
      case: 'a row with a column missing',
      send: () => [`${row(0)}\n${rows[1]!.features.slice(1).join(',')}`, csv],
      status: 400,
      message: () => `row 2 has 19 columns; the model takes 20, in this order: ${featureNames.join(', ')}`,
    },
    {
      case: 'a non-numeric cell',
      send: () => [row(0).replace(/^([^,]*,[^,]*),[^,]*/, '$1,abc'), csv],
      status: 400,
      message: () => 'row 1, column 3 (card_amount_avg_10m) is not a number: "abc"',
    },
    {
      case: 'NaN in a cell',
      send: () => [`${row(0)}\n${row(1).replace(/^[^,]*/, 'NaN')}`, csv],
      status: 400,
      message: () => 'row 2, column 1 (card_txn_count_10m) is "NaN"; every feature must be a finite number',
    },
    {
      case: 'an infinite value',
      send: () => [row(0).replace(/[^,]*$/, '1e999'), csv],
      status: 400,
      message: () =>
        'row 1, column 20 (merchant_fraud_rate_7d_delay2d) is infinite; every feature must be a finite number',
    },
    {
      case: 'an empty body',
      send: () => [undefined, csv],
      status: 400,
      message: () =>
        'empty body; send text/csv (one row per line, no header) or application/json ({"instances": [[...], ...]})',
    },
    {
      case: 'more rows than INVOCATION_MAX_ROWS',
      send: () => [Array.from({ length: MAX_ROWS + 1 }, () => row(0)).join('\n'), csv],
      status: 413,
      message: () => `${MAX_ROWS + 1} rows; at most ${MAX_ROWS} per request (INVOCATION_MAX_ROWS)`,
    },
    {
      case: 'a content type that is neither text/csv nor application/json',
      send: () => [row(0), { 'content-type': 'text/plain' }],
      status: 415,
      message: () =>
        'Content-Type text/plain is not supported; send text/csv (one row per line, no header) ' +
        'or application/json ({"instances": [[...], ...]})',
    },
    {
      case: 'an Accept the endpoint cannot answer',
      send: () => [row(0), { ...csv, accept: 'application/x-recordio-protobuf' }],
      status: 406,
      message: () => 'Accept application/x-recordio-protobuf cannot be met: answers are text/csv or application/json',
    },
    {
      case: 'JSON that does not parse',
      send: () => ['{"instances": [[1, 2]', json],
      status: 400,
      message: () =>
        "the body is not JSON (Expected ',' or ']' after array element in JSON at position 21 (line 1 column 22))",
    },
    {
      case: 'a JSON instance with a column too many',
      send: () => [JSON.stringify({ instances: [[...rows[0]!.features, 1]] }), json],
      status: 400,
      message: () =>
        `row 1 (instances[0]) has 21 columns; the model takes 20, in this order: ${featureNames.join(', ')}`,
    },
    {
      case: 'a JSON value that is not a number',
      send: () => [JSON.stringify({ instances: [rows[0]!.features.map((v, i) => (i === 4 ? '2' : v))] }), json],
      status: 400,
      message: () => 'row 1, column 5 (instances[0][4], card_distinct_merchants_10m) is not a number: "\\"2\\""',
    },
    {
      case: 'a JSON body without instances',
      send: () => [JSON.stringify(rows[0]!.features), json],
      status: 400,
      message: () => 'the body must be {"instances": [[...], ...]} or {"instances": [{"features": [...]}, ...]}',
    },
  ])('refuses $case with $status and the reason', async ({ send, status, message }) => {
    const [body, headers] = send();
    const answer = await invoke(body, headers);
    expect({ status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
      status,
      body: { statusCode: status, error: expect.any(String), message: message() },
    });
  });

  it('refuses a body over INVOCATION_MAX_BODY_BYTES with 413 before reading it', async () => {
    const answer = await invoke('1,'.repeat(MAX_BODY_BYTES), csv);
    expect({ status: answer.status, body: JSON.parse(answer.body) as unknown }).toEqual({
      status: 413,
      body: { statusCode: 413, message: 'Request body is too large' },
    });
  });

  it('counts invocations by outcome, rows scored and latency in /metrics', async () => {
    const scored = 'model_endpoint_invocations_total{route="invocations",outcome="scored",service="model-endpoint"}';
    const rejected =
      'model_endpoint_invocations_total{route="invocations",outcome="rejected",service="model-endpoint"}';
    const rowsScored = 'model_endpoint_rows_scored_total{route="invocations",service="model-endpoint"}';
    const latency =
      'model_endpoint_invocation_seconds_count{service="model-endpoint",route="invocations",outcome="scored"}';
    const modelRuns = 'model_endpoint_model_run_seconds_count{service="model-endpoint"}';
    const before = await Promise.all([scored, rejected, rowsScored, latency, modelRuns].map(metric));

    expect((await invoke(csvOf(rows.slice(0, 7)), csv)).status).toBe(200);
    expect((await invoke('1,2', csv)).status).toBe(400);

    const after = await Promise.all([scored, rejected, rowsScored, latency, modelRuns].map(metric));
    expect(after.map((value, index) => value - before[index]!)).toEqual([1, 1, 7, 1, 1]);
  });
});
