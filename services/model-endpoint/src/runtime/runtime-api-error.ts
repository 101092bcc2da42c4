/**
 * An error as the SageMaker runtime API answers it: the error type in
 * `x-amzn-errortype` (how the AWS SDK picks the exception class) and its
 * members in a JSON body, so `InvokeEndpointCommand` throws what it would
 * throw in AWS.
 */
export class RuntimeApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: 'ValidationError' | 'ModelError',
    readonly members: Record<string, string | number> & { Message: string },
  ) {
    super(members.Message);
    this.name = 'RuntimeApiError';
  }

  /** AWS answers 400 ValidationError for an unknown endpoint; 404 here says plainly that it is not this one. */
  static endpointNotFound(requested: string, served: string): RuntimeApiError {
    return new RuntimeApiError(404, 'ValidationError', {
      Message: `Endpoint ${requested} not found: this endpoint is ${served} (SAGEMAKER_ENDPOINT_NAME)`,
    });
  }

  /**
   * The container refused or failed the request. SageMaker relays that as
   * ModelError (HTTP 424) carrying the container's status and message; a
   * client tells a bad request (OriginalStatusCode 4xx, not worth a retry)
   * from a failing model (5xx) by it.
   */
  static fromContainer(originalStatus: number, originalMessage: string): RuntimeApiError {
    const kind = originalStatus < 500 ? 'client' : 'server';
    return new RuntimeApiError(424, 'ModelError', {
      ErrorCode: `${kind.toUpperCase()}_ERROR_FROM_MODEL`,
      Message: `Received ${kind} error (${originalStatus}) from primary with message "${originalMessage}".`,
      OriginalStatusCode: originalStatus,
      OriginalMessage: originalMessage,
    });
  }
}
