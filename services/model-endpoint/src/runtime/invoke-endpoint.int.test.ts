import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { localAwsClientConfig, startServiceProcess, type ServiceProcess } from '@fraud/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  csvOf,
  MODEL_ENDPOINT_ENTRY,
  modelEndpointEnv,
  parityMisses,
  parityRows,
  scoresOfCsv,
  scoresOfJson,
  TEST_ENDPOINT_NAME,
  type ParityRow,
} from '../test-support/model-endpoint-env.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe("InvokeEndpoint through @aws-sdk/client-sagemaker-runtime (the runtime API's route)", () => {
  let endpoint: ServiceProcess;
  let client: SageMakerRuntimeClient;
  let rows: ParityRow[];

  /** The SDK's rejection, or a failure when the call succeeded. */
  async function rejection(command: InvokeEndpointCommand): Promise<unknown> {
    try {
      await client.send(command);
    } catch (error) {
      return error;
    }
    throw new Error('the call succeeded');
  }

  beforeAll(async () => {
    ({ rows } = await parityRows());
    endpoint = await startServiceProcess({ entry: MODEL_ENDPOINT_ENTRY, env: modelEndpointEnv() });
    // Only the endpoint differs from AWS: the SDK signs with SigV4 (dummy credentials) and the service accepts it.
    client = new SageMakerRuntimeClient(localAwsClientConfig(endpoint.baseUrl));
  });

  afterAll(async () => {
    client.destroy();
    const exit = await endpoint.stop();
    expect(exit).toEqual({ code: 0, signal: null });
  });

  it("scores every parity row sent as text/csv within 1e-5 of xgboost's own prediction", async () => {
    const answer = await client.send(
      new InvokeEndpointCommand({
        EndpointName: TEST_ENDPOINT_NAME,
        ContentType: 'text/csv',
        Accept: 'text/csv',
        Body: new TextEncoder().encode(csvOf(rows)),
      }),
    );
    expect({ contentType: answer.ContentType, variant: answer.InvokedProductionVariant }).toEqual({
      contentType: 'text/csv',
      variant: 'AllTraffic',
    });
    const scores = scoresOfCsv(answer.Body.transformToString());
    expect(scores).toHaveLength(50);
    expect(parityMisses(rows, scores, 1e-5)).toEqual([]);
  });

  it("scores every parity row sent as application/json within 1e-5 of xgboost's own prediction", async () => {
    const answer = await client.send(
      new InvokeEndpointCommand({
        EndpointName: TEST_ENDPOINT_NAME,
        ContentType: 'application/json',
        Accept: 'application/json',
        Body: new TextEncoder().encode(JSON.stringify({ instances: rows.map((row) => row.features) })),
      }),
    );
    expect(answer.ContentType).toBe('application/json; charset=utf-8');
    const scores = scoresOfJson(answer.Body.transformToString());
    expect(scores).toHaveLength(50);
    expect(parityMisses(rows, scores, 1e-5)).toEqual([]);
  });

  it('refuses another endpoint name with 404, naming both (ValidationError, as AWS throws)', async () => {
    const error = await rejection(
      new InvokeEndpointCommand({
        EndpointName: 'another-model',
        ContentType: 'text/csv',
        Body: new TextEncoder().encode(csvOf(rows.slice(0, 1))),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect({ status: validation.$metadata.httpStatusCode, message: validation.message }).toEqual({
      status: 404,
      message: `Endpoint another-model not found: this endpoint is ${TEST_ENDPOINT_NAME} (SAGEMAKER_ENDPOINT_NAME)`,
    });
  });

  it("relays a refused request as SageMaker does: ModelError (424) with the container's status and reason", async () => {
    const error = await rejection(
      new InvokeEndpointCommand({
        EndpointName: TEST_ENDPOINT_NAME,
        ContentType: 'text/csv',
        Body: new TextEncoder().encode('1,2,3\n'),
      }),
    );
    expect(error).toBeInstanceOf(ModelError);
    const modelError = error as ModelError;
    const reason =
      'row 1 has 3 columns; the model takes 20, in this order: card_txn_count_10m, card_amount_sum_10m, ' +
      'card_amount_avg_10m, card_amount_max_10m, card_distinct_merchants_10m, card_distinct_countries_10m, ' +
      'card_max_distance_km_10m, merchant_txn_count_10m, amount_to_card_avg_10m, hour_of_day_utc, card_not_present, ' +
      'card_txn_count_7d, card_amount_avg_7d, card_txn_count_30d, card_amount_avg_30d, amount_to_card_avg_30d, ' +
      'merchant_txn_count_1d_delay2d, merchant_fraud_rate_1d_delay2d, merchant_txn_count_7d_delay2d, ' +
      'merchant_fraud_rate_7d_delay2d';
    expect({
      status: modelError.$metadata.httpStatusCode,
      originalStatus: modelError.OriginalStatusCode,
      originalMessage: modelError.OriginalMessage,
      message: modelError.message,
    }).toEqual({
      status: 424,
      originalStatus: 400,
      originalMessage: reason,
      message: `Received client error (400) from primary with message "${reason}".`,
    });
  });

  it('relays an unsupported content type as ModelError with the original 415', async () => {
    const error = await rejection(
      new InvokeEndpointCommand({
        EndpointName: TEST_ENDPOINT_NAME,
        // Without a ContentType the SDK sends application/octet-stream.
        Body: new TextEncoder().encode(csvOf(rows.slice(0, 1))),
      }),
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).OriginalStatusCode).toBe(415);
    expect((error as ModelError).OriginalMessage).toBe(
      'Content-Type application/octet-stream is not supported; send text/csv (one row per line, no header) ' +
        'or application/json ({"instances": [[...], ...]})',
    );
  });
});
