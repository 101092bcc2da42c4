import { LOGGER } from '@fraud/observability';
import { SETTINGS } from '@fraud/config';
import { Body, Controller, Headers, HttpCode, HttpStatus, Inject, Param, Post, Res, UseFilters } from '@nestjs/common';
import type { Logger } from 'pino';

import type { AnswerReply } from '../hosting/answer-reply.js';
import { InvocationService } from '../hosting/invocation.service.js';
import { PayloadError } from '../payload/payload-error.js';
import type { ModelEndpointSettings } from '../settings/model-endpoint-settings.js';
import { RuntimeApiError } from './runtime-api-error.js';
import { RuntimeErrorFilter } from './runtime-error.filter.js';

/**
 * `POST /endpoints/{name}/invocations`: SageMaker runtime's InvokeEndpoint,
 * so `@aws-sdk/client-sagemaker-runtime` reaches this service with only its
 * endpoint overridden (SAGEMAKER_RUNTIME_ENDPOINT). The SDK signs with
 * SigV4; any signature is accepted, as the local AWS emulators do. The body
 * and headers are the container's (`Content-Type`, `Accept`), and errors
 * come back as AWS would send them.
 */
@Controller('endpoints')
@UseFilters(RuntimeErrorFilter)
export class RuntimeController {
  constructor(
    private readonly invocations: InvocationService,
    @Inject(SETTINGS) private readonly settings: ModelEndpointSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(':name/invocations')
  @HttpCode(HttpStatus.OK)
  async invokeEndpoint(
    @Param('name') name: string,
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: Buffer | undefined,
    @Res({ passthrough: true }) reply: AnswerReply,
  ): Promise<string> {
    if (name !== this.settings.SAGEMAKER_ENDPOINT_NAME) {
      throw RuntimeApiError.endpointNotFound(name, this.settings.SAGEMAKER_ENDPOINT_NAME);
    }
    try {
      const answer = await this.invocations.invoke({ body, contentType, accept }, 'runtime');
      reply.header('content-type', answer.contentType);
      // The variant that served the call; a single-variant endpoint's is AllTraffic.
      reply.header('x-amzn-invoked-production-variant', 'AllTraffic');
      return answer.body;
    } catch (error) {
      if (error instanceof PayloadError) throw RuntimeApiError.fromContainer(error.status, error.message);
      this.logger.error({ err: error }, 'invocation failed');
      throw RuntimeApiError.fromContainer(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
  }
}
