import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { RuntimeApiError } from './runtime-api-error.js';

/** Answers a RuntimeApiError in the runtime API's error format (restJson1). */
@Catch(RuntimeApiError)
export class RuntimeErrorFilter implements ExceptionFilter<RuntimeApiError> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: RuntimeApiError, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    httpAdapter.setHeader(response, 'x-amzn-errortype', error.errorType);
    httpAdapter.setHeader(response, 'content-type', 'application/json');
    httpAdapter.reply(response, JSON.stringify(error.members), error.status);
  }
}
