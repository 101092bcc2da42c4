import { z } from 'zod';

import { isoTimestamp, onFormatError, positiveInteger, schemaVersion } from '../fields.js';
import type { KnownFields } from '../known-fields.js';

/** A record a consumer could not process: the payload of `<stream>-dlq`. */
export const DeadLetterSchema = z
  .looseObject({
    schemaVersion,
    sourceStream: z
      .string()
      .min(1, 'expected a stream name')
      .describe('Stream the record was read from, prefix included.'),
    partition: z
      .string()
      .min(1, 'expected a partition number or shard id')
      .optional()
      .describe('Kafka partition number or Kinesis shard id; with `position` it locates the record.'),
    position: z
      .string()
      .regex(/^\d+$/, 'expected a Kafka offset or Kinesis sequence number, as a string of digits')
      .describe('Kafka offset or Kinesis sequence number.'),
    partitionKey: z.string().describe("The record's key; empty when it had none."),
    error: z.string().min(1, 'expected the error message'),
    payloadBase64: z
      .base64({ error: onFormatError('expected standard base64') })
      .describe('The original record bytes, base64.'),
    failedAt: isoTimestamp,
    attempts: positiveInteger.describe('Times the consumer tried the record before giving up.'),
  })
  .meta({ title: 'DeadLetter', description: 'A record a consumer could not process (stream `<stream>-dlq`).' });

export type DeadLetter = KnownFields<z.output<typeof DeadLetterSchema>>;
