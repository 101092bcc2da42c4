import { decodeDeadLetter, decodeFraudScore, type DeadLetter, type FraudScore } from '@fraud/contracts';
import { readStream, type InfraEndpoints, type StoredRecord } from '@fraud/testing';

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
  return (await readStream(transport, infra, stream)).map((record: StoredRecord) => {
    const decoded = decodeFraudScore(record.value);
    if (!decoded.ok) throw decoded.error;
    return { key: record.key, appendedAt: record.timestamp, score: decoded.value };
  });
}

export async function readDeadLetters(
  transport: 'kafka' | 'kinesis',
  infra: InfraEndpoints,
  stream: string,
): Promise<DeadLetter[]> {
  return (await readStream(transport, infra, stream)).map((record) => {
    const decoded = decodeDeadLetter(record.value);
    if (!decoded.ok) throw decoded.error;
    return decoded.value;
  });
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
