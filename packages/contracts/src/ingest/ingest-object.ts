import { z } from 'zod';

import { findSensitiveFields, sensitiveFieldProblem } from './card-data-fields.js';

type Path = (string | number)[];

// Run even when a field already failed, so one answer names every problem.
const always = { when: () => true };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object of the ingest API. Unlike events it refuses fields it does not
 * know, each named, because a client's misspelt optional field would
 * otherwise be dropped without a word. Sensitive card data is left to
 * `rejectSensitiveData`, which words it as what it is.
 */
export function ingestObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = new Set(Object.keys(shape));
  return (
    z
      // Loose at parse time so the checks see every field the client sent.
      .looseObject(shape)
      .superRefine((value, ctx) => {
        if (!isRecord(value)) return;
        for (const key of Object.keys(value)) {
          if (known.has(key) || sensitiveFieldProblem(key) !== undefined) continue;
          ctx.addIssue({ code: 'custom', path: [key], message: 'unknown field' });
        }
      }, always)
      // The published JSON Schema is what the API enforces: no other fields.
      .meta({ additionalProperties: false })
  );
}

/**
 * Refuses card security codes, track data and PINs anywhere inside the value,
 * naming each field. `skip` leaves out parts that check themselves.
 */
export function rejectSensitiveData(skip?: (path: Path) => boolean) {
  return z.superRefine<unknown>((value, ctx) => {
    for (const { path, problem } of findSensitiveFields(value, skip)) {
      ctx.addIssue({ code: 'custom', path, message: problem });
    }
  }, always);
}
