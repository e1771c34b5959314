/**
 * Query parameters shared by the endpoints, with the messages a person can act on. Browser-safe
 * (zod and date arithmetic only): the pages build their requests from the same schemas.
 */
import { z } from 'zod';
import {
  addDays,
  calendarDayProblem,
  daysBetween,
  exclusiveEnd,
  todayInChina,
  type DayWindow,
  type InclusiveDays
} from '../core/dates';

/** Any area code: 370105, 370105-008, … down to a grid. */
export const areaCode = z
  .string()
  .regex(/^[0-9]{6}(-[0-9]{3}){0,3}$/, 'must be an area code such as 370105 or 370105-008');

/** An area whose children are analysed: a district, sub-district or community. */
export const parentAreaCode = z
  .string()
  .regex(
    /^[0-9]{6}(-[0-9]{3}){0,2}$/,
    'must be the code of a district, sub-district or community (its children are analysed)'
  );

/**
 * The days any endpoint answers: from 2000-01-01 (nothing in a district's ledgers is older; the
 * demo data starts years later) to one year after today in China Standard Time (a deadline or a
 * planned window may lie ahead; nothing lies further). An endpoint that answers only the past
 * refuses future days itself, with its own message.
 */
export const EARLIEST_DAY = '2000-01-01';
export const DAYS_AHEAD = 366;

/** The last day any endpoint answers: today (China Standard Time) + {@link DAYS_AHEAD} days. */
export function latestDay(now: Date = new Date()): string {
  return addDays(todayInChina(now), DAYS_AHEAD);
}

/**
 * Why `text` is not a day an endpoint answers, or null: not `YYYY-MM-DD`, not in the calendar
 * (2026-13-01, 2026-02-30), or outside {@link EARLIEST_DAY} … {@link latestDay}.
 */
export function dayProblem(text: string, now: Date = new Date()): string | null {
  const problem = calendarDayProblem(text);
  if (problem) return problem;
  if (text < EARLIEST_DAY) return `${text} is too early: must be ${EARLIEST_DAY} or later`;
  const latest = latestDay(now);
  if (text > latest)
    return `${text} is too far ahead: must be ${latest} or earlier (one year from today, China Standard Time)`;
  return null;
}

/**
 * A calendar day (China Standard Time), YYYY-MM-DD, within {@link EARLIEST_DAY} … {@link latestDay}:
 * the one date schema of every endpoint's from / to / asOf / day / on / deadline. A refused day
 * stops the parse there (`z.NEVER`), so no window refinement ever sees it.
 * @example
 * day.safeParse('2026-02-30').error?.issues[0]?.message // '2026-02-30 is not a date: February 2026 has 28 days'
 */
export const day = z.string({ message: 'must be a date like 2026-11-23 (YYYY-MM-DD)' }).transform((text, ctx) => {
  const problem = dayProblem(text);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem, input: text });
    return z.NEVER;
  }
  return text;
});

/** A calendar month YYYY-MM within the months of {@link day}. */
export const month = z.string({ message: 'must be a month like 2026-01' }).transform((text, ctx) => {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const problem = !m
    ? `must be a month like 2026-01 (YYYY-MM), got "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`
    : Number(m[2]) < 1 || Number(m[2]) > 12
      ? `${text} is not a month: the month must be 01 to 12`
      : text < EARLIEST_DAY.slice(0, 7)
        ? `${text} is too early: must be ${EARLIEST_DAY.slice(0, 7)} or later`
        : text > latestDay().slice(0, 7)
          ? `${text} is too far ahead: must be ${latestDay().slice(0, 7)} or earlier (one year from today)`
          : null;
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem, input: text });
    return z.NEVER;
  }
  return text;
});

/**
 * A numeric id in a path or query (`/api/hazards/17`): digits only, no sign, exponent, hex or
 * spaces (which `Number()` would accept), and at most 2^53.
 */
export const numericId = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number such as 17')
  // Compared as text: the refinement also sees values the pattern refused.
  .refine((s) => s.length < 16 || (s.length === 16 && s <= '9007199254740992'), 'must be at most 9007199254740992')
  .transform(Number);

/** Days as the URL gives them (both inclusive), and the half-open window every query takes (core/dates). */
export type { DayWindow, InclusiveDays };

/**
 * The half-open window of the URL's inclusive days: the one place where `to` gains a day.
 * @example
 * halfOpen({ from: '2026-01-01', to: '2026-01-31' }) // { from: '2026-01-01', to: '2026-02-01' }
 */
export function halfOpen(days: InclusiveDays): DayWindow {
  return { from: days.from, to: exclusiveEnd(days.to) };
}

/**
 * `.transform` of a query with inclusive `from` / `to`: keeps them (answers echo what was asked)
 * and adds `window`, the same days half-open.
 * @example
 * z.strictObject({ from: day, to: day }).refine(...fromNotAfterTo).transform(withWindow)
 */
export function withWindow<Q extends InclusiveDays>(q: Q): Q & { window: DayWindow } {
  return { ...q, window: halfOpen(q) };
}

type Window = InclusiveDays;
type Refinement = [(q: Window) => boolean, { message: string; path: string[] }];

/** `.refine` pair: the window's first day is not after its last day. */
export const fromNotAfterTo: Refinement = [
  (q) => q.from <= q.to,
  { message: '"from" must not be after "to"', path: ['from'] }
];

/** `.refine` pair: the window spans at most `years` years (its days are checked by {@link day}). */
export function spanAtMost(years: number): Refinement {
  const words: Record<number, string> = { 5: 'five', 10: 'ten' };
  return [
    (q) => daysBetween(q.from, q.to) < 366 * years,
    { message: `the window must span at most ${words[years] ?? years} years`, path: ['to'] }
  ];
}

/** `format` of an endpoint that answers JSON or binary columns (docs/binary-columns.md). */
export const payloadFormat = z.enum(['json', 'bin'], { message: 'must be "json" or "bin"' }).optional();
