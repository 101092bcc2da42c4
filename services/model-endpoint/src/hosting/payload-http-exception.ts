import { HttpException } from '@nestjs/common';

import type { PayloadError } from '../payload/payload-error.js';

const REASON_PHRASES: Record<PayloadError['status'], string> = {
  400: 'Bad Request',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/** A refused request as Nest answers any HTTP error: `{ statusCode, error, message }`, the message being the reason. */
export function payloadHttpException(error: PayloadError): HttpException {
  return new HttpException(
    { statusCode: error.status, error: REASON_PHRASES[error.status], message: error.message },
    error.status,
  );
}
