import { Module } from '@nestjs/common';

import { ApiKeyGuard } from './api-key.guard.js';
import { IngestController } from './ingest.controller.js';
import { IngestMetrics } from './ingest-metrics.js';
import { IngestService } from './ingest.service.js';

@Module({
  controllers: [IngestController],
  providers: [ApiKeyGuard, IngestMetrics, IngestService],
})
export class IngestModule {}
