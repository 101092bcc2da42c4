import { readFile } from 'node:fs/promises';

import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { TransactionFeatures } from '@fraud/contracts';
import { localAwsClientConfig } from '@fraud/testing';

import {
  COMMITTED_MANIFEST_PATH,
  scoresOfCsv,
  TEST_ENDPOINT_NAME,
} from '../../../model-endpoint/src/test-support/model-endpoint-env.js';

export interface CommittedManifest {
  modelVersion: string;
  featureNames: string[];
  thresholds: { review: number; block: number };
}

export async function committedManifest(): Promise<CommittedManifest> {
  return JSON.parse(await readFile(COMMITTED_MANIFEST_PATH, 'utf8')) as CommittedManifest;
}

/**
 * What the model endpoint itself answers for the records' rows, asked
 * directly through the SDK, by transactionId: the scores the service must
 * have published.
 */
export async function endpointScores(
  endpointUrl: string,
  records: readonly TransactionFeatures[],
): Promise<Map<string, number>> {
  const { featureNames } = await committedManifest();
  const client = new SageMakerRuntimeClient(localAwsClientConfig(endpointUrl));
  try {
    const csv = records.map((record) => featureNames.map((name) => record.features[name]).join(',')).join('\n');
    const answer = await client.send(
      new InvokeEndpointCommand({
        EndpointName: TEST_ENDPOINT_NAME,
        ContentType: 'text/csv',
        Accept: 'text/csv',
        Body: new TextEncoder().encode(`${csv}\n`),
      }),
    );
    const scores = scoresOfCsv(answer.Body.transformToString());
    return new Map(records.map((record, index) => [record.transactionId, scores[index] ?? Number.NaN]));
  } finally {
    client.destroy();
  }
}
