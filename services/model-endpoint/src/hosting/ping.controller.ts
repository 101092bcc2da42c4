import { Controller, Get, Inject } from '@nestjs/common';

import { SCORER, type Scorer } from '../model/scorer.js';

/**
 * `GET /ping`, SageMaker hosting's health check: 200 once the model is
 * loaded. The model loads before the server listens (a model that does not
 * load stops the process), so answering at all means it is loaded.
 */
@Controller('ping')
export class PingController {
  constructor(@Inject(SCORER) private readonly scorer: Scorer) {}

  @Get()
  ping(): { status: 'ok'; modelVersion: string } {
    return { status: 'ok', modelVersion: this.scorer.modelVersion };
  }
}
