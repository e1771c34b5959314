/**
 * Query parameters shared by the analytics endpoints, with the messages a person can act on.
 */
import { z } from 'zod';
import { dayNumber } from '../seed/dates';

/** Any area code: 370105, 370105-008, … down to a grid. */
export const areaCode = z.string().regex(/^[0-9]{6}(-[0-9]{3}){0,3}$/, 'must be an area code such as 370105 or 370105-008');

/** An area whose children are analysed: a district, sub-district or community. */
export const parentAreaCode = z
  .string()
  .regex(/^[0-9]{6}(-[0-9]{3}){0,2}$/, 'must be the code of a district, sub-district or community (its children are analysed)');

/** A calendar day (China Standard Time), YYYY-MM-DD. */
export const day = z.iso.date({ message: 'must be a date like 2026-11-23' });

type Window = { from: string; to: string };
type Refinement = [(q: Window) => boolean, { message: string; path: string[] }];

/** `.refine` pair: the window's first day is not after its last day. */
export const fromNotAfterTo: Refinement = [(q) => q.from <= q.to, { message: '"from" must not be after "to"', path: ['from'] }];

/** `.refine` pair: the window starts in 2000 or later and spans at most `years` years. */
export function spanAtMost(years: number): Refinement {
  const words: Record<number, string> = { 5: 'five', 10: 'ten' };
  return [
    (q) => q.from >= '2000-01-01' && dayNumber(q.to) - dayNumber(q.from) < 366 * years,
    { message: `the window must start in 2000 or later and span at most ${words[years] ?? years} years`, path: ['to'] }
  ];
}

/** `format` of an endpoint that answers JSON or binary columns (docs/binary-columns.md). */
export const payloadFormat = z.enum(['json', 'bin'], { message: 'must be "json" or "bin"' }).optional();
