import { SNSClient } from '@aws-sdk/client-sns';
import { SETTINGS } from '@fraud/config';
import type { Provider } from '@nestjs/common';

import type { AlertingSettings } from '../settings/alerting-settings.js';

/** Injection token of the service's SNS client. */
export const SNS_CLIENT = Symbol('SNS_CLIENT');

/**
 * SNS with credentials from the default provider chain (the task role in
 * AWS), SNS_ENDPOINT only for a local emulator. Timeouts keep a hung
 * connection from holding a record: the call fails, and the record pipeline
 * retries it with backoff.
 */
export const snsClientProvider: Provider = {
  provide: SNS_CLIENT,
  useFactory: (settings: AlertingSettings) =>
    new SNSClient({
      region: settings.AWS_REGION,
      ...(settings.SNS_ENDPOINT === undefined ? {} : { endpoint: settings.SNS_ENDPOINT }),
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
    }),
  inject: [SETTINGS],
};
