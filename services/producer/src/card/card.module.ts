import { SETTINGS } from '@fraud/config';
import { Global, Module } from '@nestjs/common';

import type { ProducerSettings } from '../settings/producer-settings.js';
import { CardTokenizer } from './card-tokenizer.js';

/** The service's one tokenizer, keyed by PAN_HMAC_KEY. */
@Global()
@Module({
  providers: [
    {
      provide: CardTokenizer,
      useFactory: (settings: ProducerSettings) => new CardTokenizer(settings.PAN_HMAC_KEY),
      inject: [SETTINGS],
    },
  ],
  exports: [CardTokenizer],
})
export class CardModule {}
