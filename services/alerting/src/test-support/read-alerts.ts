import { decodeFraudAlert } from '@fraud/contracts';
import { decodeRecords, readStream } from '@fraud/testing';

import type { CardAlert } from '../policy/card-alert.js';

/** One record of `fraud-alerts`: its key and alert. */
export interface StreamedAlert {
  key: string;
  alert: CardAlert;
}

/** Every record of the alerts stream now, each checked against the FraudAlert contract. */
export async function readAlerts(
  transport: 'kafka' | 'kinesis',
  infra: Parameters<typeof readStream>[1],
  stream: string,
): Promise<StreamedAlert[]> {
  return decodeRecords(await readStream(transport, infra, stream), decodeFraudAlert).map(({ key, event }) => ({
    key,
    alert: event as CardAlert,
  }));
}
