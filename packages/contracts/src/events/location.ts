import { z } from 'zod';

import { country, latitude, longitude } from '../fields.js';

/** Where the card was used. */
export const locationShape = {
  lat: latitude,
  lon: longitude,
  country,
  city: z.string().min(1, 'expected 1 to 128 characters').max(128, 'expected 1 to 128 characters').optional(),
};

export const LocationSchema = z.looseObject(locationShape);
