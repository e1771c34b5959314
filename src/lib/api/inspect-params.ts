/**
 * Query and body parameters of the inspector's endpoints (/api/inspect/…), with messages a person
 * can act on.
 */
import { z } from 'zod';

export const INDUSTRIES = ['hazardous_chemicals', 'mining', 'construction', 'crowded_venue', 'fire_key', 'road_transport', 'food_drug', 'other'] as const;
export const RISK_CLASSES = ['red', 'orange', 'yellow', 'blue'] as const;

/** Longitude in degrees (WGS 84). */
export const longitude = z.coerce
  .number({ message: 'must be a longitude in degrees' })
  .min(-180, 'must be a longitude between -180 and 180')
  .max(180, 'must be a longitude between -180 and 180');

/** Latitude in degrees (WGS 84). */
export const latitude = z.coerce
  .number({ message: 'must be a latitude in degrees' })
  .min(-90, 'must be a latitude between -90 and 90')
  .max(90, 'must be a latitude between -90 and 90');

/** A comma-separated list of values of an enum, e.g. `industry=mining,construction`. */
export function commaList<T extends readonly [string, ...string[]]>(values: T) {
  const item = z.enum(values, { message: `each value must be one of ${values.join(', ')}` });
  return z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(item).max(values.length));
}

/** `true` / `false` in a query string. */
export const flag = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');
