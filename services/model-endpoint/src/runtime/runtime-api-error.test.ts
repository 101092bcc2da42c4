import { describe, expect, it } from 'vitest';

import { RuntimeApiError } from './runtime-api-error.js';

describe('runtime API errors', () => {
  it('answer an unknown endpoint with 404 ValidationError naming the one served', () => {
    const error = RuntimeApiError.endpointNotFound('other', 'fraud-model');
    expect({ status: error.status, type: error.errorType, members: error.members }).toEqual({
      status: 404,
      type: 'ValidationError',
      members: { Message: 'Endpoint other not found: this endpoint is fraud-model (SAGEMAKER_ENDPOINT_NAME)' },
    });
  });

  it.each([
    [400, 'client', 'row 1 is empty'],
    [415, 'client', 'Content-Type text/plain is not supported'],
    [500, 'server', 'Internal server error'],
  ])("relay the container's %i as ModelError 424, a %s error", (original, kind, reason) => {
    const error = RuntimeApiError.fromContainer(original, reason);
    expect({ status: error.status, type: error.errorType, members: error.members }).toEqual({
      status: 424,
      type: 'ModelError',
      members: {
        ErrorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
        Message: `Received ${kind} error (${original}) from primary with message "${reason}".`,
        OriginalStatusCode: original,
        OriginalMessage: reason,
      },
    });
  });
});
