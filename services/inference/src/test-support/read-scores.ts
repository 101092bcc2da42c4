import { decodeDeadLetter, decodeFraudScore, type DeadLetter, type FraudScore } from '@fraud/contracts';
import { decodeRecords, readStream, type InfraEndpoints } from '@fraud/testing';

/** A published score with its record's key and append time. */
export interface PublishedScore {
  key: string;
  appendedAt: Date;
  score: FraudScore;
}

/** Every record of the `fraud-scores` stream, decoded (a record failing the contract fails the test). */
export async function readScores(
  transport: 'kafka' | 'kinesis',
  infra: InfraEndpoints,
  stream: string,
): Promise<PublishedScore[]> {
  return decodeRecords(await readStream(transport, infra, stream), decodeFraudScore).map((record) => ({
    key: record.key,
    appendedAt: record.timestamp,
    score: record.event,
  }));
}

export async function readDeadLetters(
  transport: 'kafka' | 'kinesis',
  infra: InfraEndpoints,
  stream: string,
): Promise<DeadLetter[]> {
  return decodeRecords(await readStream(transport, infra, stream), decodeDeadLetter).map(({ event }) => event);
}

/** When each transactionId's feature record was appended (its first copy). */
export async function featuresAppendedAt(
  transport: 'kafka' | 'kinesis',
  infra: InfraEndpoints,
  stream: string,
): Promise<Map<string, Date>> {
  const appended = new Map<string, Date>();
  for (const record of await readStream(transport, infra, stream)) {
    const { transactionId } = JSON.parse(record.value.toString('utf8')) as { transactionId: string };
    if (!appended.has(transactionId)) appended.set(transactionId, record.timestamp);
  }
  return appended;
}
