import { createHash, timingSafeEqual } from 'node:crypto';

import { SETTINGS } from '@fraud/config';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

import type { ProducerSettings } from '../settings/producer-settings.js';
import { IngestMetrics } from './ingest-metrics.js';

/** Compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on the first differing byte. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Admits a request whose `x-api-key` header is one of INGEST_API_KEYS. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: readonly Buffer[];

  constructor(
    @Inject(SETTINGS) settings: ProducerSettings,
    private readonly metrics: IngestMetrics,
  ) {
    this.keys = settings.INGEST_API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>()
      .headers['x-api-key'];
    if (typeof header !== 'string' || header === '') {
      this.metrics.count('unauthorized');
      throw new UnauthorizedException('missing x-api-key header');
    }
    const presented = digest(header);
    // Every key is compared, so the time taken does not tell which one nearly matched.
    let valid = false;
    for (const key of this.keys) valid = timingSafeEqual(presented, key) || valid;
    if (!valid) {
      this.metrics.count('unauthorized');
      throw new UnauthorizedException('invalid x-api-key header');
    }
    return true;
  }
}
