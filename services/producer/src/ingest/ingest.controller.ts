import { LOGGER } from '@fraud/observability';
import {
  BadRequestException,
  Body,
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Res,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import type { Logger } from 'pino';

import { ApiKeyGuard } from './api-key.guard.js';
import { IngestRejectedError, IngestUnavailableError } from './ingest-errors.js';
import { IngestMetrics } from './ingest-metrics.js';
import { IngestService } from './ingest.service.js';

/** The part of Fastify's reply this controller uses. */
interface ReplyHeaders {
  header(name: string, value: string): unknown;
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** Seconds a client should wait before retrying after a 503. */
const RETRY_AFTER_SECONDS = 1;

/**
 * `POST /v1/transactions` (contracts.md, "Ingest API"). The body arrives as
 * raw bytes: the key is checked before any parsing, and JSON errors are
 * worded by the contract, never quoting the payload (it holds card numbers).
 */
@Controller('v1/transactions')
@UseGuards(ApiKeyGuard)
export class IngestController {
  constructor(
    private readonly ingestService: IngestService,
    private readonly metrics: IngestMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(
    @Headers('content-type') contentType: string | undefined,
    @Body() body: Buffer | undefined,
    @Res({ passthrough: true }) reply: ReplyHeaders,
  ): Promise<{ transactionIds: string[] }> {
    if (!isJson(contentType)) {
      this.metrics.count('invalid');
      throw new UnsupportedMediaTypeException({
        statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        error: 'Unsupported Media Type',
        message: 'content-type must be application/json',
        problems: [{ field: 'content-type', message: 'must be application/json' }],
      });
    }
    try {
      const transactionIds = await this.ingestService.ingest(body);
      this.metrics.count('accepted');
      return { transactionIds };
    } catch (error) {
      if (error instanceof IngestRejectedError) {
        this.metrics.count('invalid');
        this.logger.info({ problems: error.problems }, 'ingest request refused');
        throw new BadRequestException({
          statusCode: HttpStatus.BAD_REQUEST,
          error: 'Bad Request',
          message: error.message,
          problems: error.problems,
        });
      }
      if (error instanceof IngestUnavailableError) {
        this.metrics.count('unavailable');
        this.logger.warn({ err: error }, 'ingest request not accepted: transport unavailable');
        void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        throw new ServiceUnavailableException({
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'Service Unavailable',
          message: `${error.message}; retry with the same transactionIds`,
        });
      }
      throw error;
    }
  }
}
