import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';

import { PayloadError } from '../payload/payload-error.js';
import type { AnswerReply } from './answer-reply.js';
import { InvocationService } from './invocation.service.js';
import { payloadHttpException } from './payload-http-exception.js';

/**
 * `POST /invocations`, the route SageMaker hosting calls in a container. The
 * body arrives as raw bytes (see main.ts), so each format is parsed here with
 * reasons worded for the rows, not by the HTTP framework.
 */
@Controller('invocations')
export class InvocationsController {
  constructor(private readonly invocations: InvocationService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  async invoke(
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Body() body: Buffer | undefined,
    @Res({ passthrough: true }) reply: AnswerReply,
  ): Promise<string> {
    try {
      const answer = await this.invocations.invoke({ body, contentType, accept }, 'invocations');
      reply.header('content-type', answer.contentType);
      return answer.body;
    } catch (error) {
      if (error instanceof PayloadError) throw payloadHttpException(error);
      throw error;
    }
  }
}
