import { InvokeEndpointCommand, ModelError, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { TransientError } from '@fraud/resilience';
import type { OnApplicationShutdown } from '@nestjs/common';

import { csvOfRows } from '../scoring/feature-row.js';
import { parseCsvScores } from '../scoring/parse-csv-scores.js';
import type { ScoringEndpoint } from './scoring-endpoint.js';

/**
 * InvokeEndpoint with `text/csv` rows and a `text/csv` answer: the one
 * format both SageMaker's built-in XGBoost container and our model endpoint
 * serve, so the same calls work against either with only settings changed.
 * Owns its client, whose connections close at application shutdown.
 */
export class SageMakerEndpoint implements ScoringEndpoint, OnApplicationShutdown {
  constructor(
    private readonly client: SageMakerRuntimeClient,
    private readonly endpointName: string,
  ) {}

  async score(rows: readonly (readonly number[])[], signal: AbortSignal): Promise<number[]> {
    const command = new InvokeEndpointCommand({
      EndpointName: this.endpointName,
      ContentType: 'text/csv',
      Accept: 'text/csv',
      Body: new TextEncoder().encode(csvOfRows(rows)),
    });
    let body: string;
    try {
      const answer = await this.client.send(command, { abortSignal: signal });
      body = answer.Body.transformToString();
    } catch (error) {
      // SageMaker relays a container's own failure as ModelError (424) with
      // the container's status: a 5xx there is as transient as one of SageMaker's.
      if (error instanceof ModelError && (error.OriginalStatusCode ?? 0) >= 500) {
        throw new TransientError(`the model container failed (${error.OriginalStatusCode}): ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
    return parseCsvScores(body, rows.length);
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }
}
