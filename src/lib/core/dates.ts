/**
 * Calendar days and China Standard Time, the one place the app does date arithmetic. A day is a
 * plain `YYYY-MM-DD` string (a calendar day in China Standard Time, UTC+8, no daylight saving) or
 * its day number (days since 1970-01-01). A window of days is half-open `[from, to)` inside the
 * code; a URL's inclusive last day becomes the exclusive end with {@link exclusiveEnd}, once.
 */

/** Milliseconds in a day (China Standard Time has no daylight saving: every day has 24 hours). */
export const DAY_MS = 86_400_000;

/** China Standard Time's offset from UTC, in milliseconds (UTC+8). */
export const CST_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`Invalid date "${date}": expected YYYY-MM-DD`);
  return Math.round(t / DAY_MS);
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** A local China Standard Time timestamp (UTC+8, no daylight saving) as ISO 8601. */
export function cstTimestamp(day: number, minuteOfDay: number): string {
  const m = Math.max(0, Math.min(1439, Math.floor(minuteOfDay)));
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return `${dateOfDay(day)}T${hh}:${mm}:00+08:00`;
}

/** Today's date in China Standard Time. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * A moment as China Standard Time, to the second, as people read it.
 * @example chinaDateTime(new Date('2026-11-30T18:05:09Z')) // '2026-12-01 02:05:09'
 */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * The calendar day `n` days after `day` (before it when `n` is negative).
 * @example
 * addDays('2024-02-28', 2) // '2024-03-01'
 */
export function addDays(day: string, n: number): string {
  return dateOfDay(dayNumber(day) + n);
}

/**
 * Whole days from `a` to `b` (b − a): 0 for the same day, negative when `b` is earlier.
 * @example
 * daysBetween('2026-11-01', '2026-11-23') // 22
 */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/**
 * The exclusive end of a window whose last day `to` is included (a URL's `to`): the next day.
 * The one conversion from the URL's inclusive `to` to the code's half-open `[from, to)`.
 * @example
 * exclusiveEnd('2026-11-30') // '2026-12-01'
 */
export function exclusiveEnd(to: string): string {
  return addDays(to, 1);
}

/** Days as a URL gives them: `from` and `to` both inclusive (YYYY-MM-DD, China Standard Time). */
export interface InclusiveDays {
  from: string;
  to: string;
}

/** A window of days, half-open: `from` is its first day, `to` the first day after it. */
export interface DayWindow {
  from: string;
  to: string;
}

/**
 * The first instant of a China Standard Time day, as ISO 8601 with +08:00 (what a `timestamptz`
 * bound of a window of days is).
 * @example
 * cstMidnight('2026-11-23') // '2026-11-23T00:00:00+08:00'
 */
export function cstMidnight(day: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new Error(`Invalid date "${day}": expected YYYY-MM-DD`);
  }
  return `${day}T00:00:00+08:00`;
}

/**
 * The first day of the month that `day` (`YYYY-MM-DD`) or `month` (`YYYY-MM`) lies in.
 * @example
 * monthStart('2026-11-23') // '2026-11-01'
 */
export function monthStart(dayOrMonth: string): string {
  const m = /^(\d{4}-\d{2})(-\d{2})?$/.exec(dayOrMonth);
  if (!m) throw new Error(`Invalid day or month "${dayOrMonth}": expected YYYY-MM-DD or YYYY-MM`);
  const first = `${m[1]}-01`;
  dayNumber(first);
  return first;
}

/**
 * The month `n` months after the month `YYYY-MM` (before it when `n` is negative), as `YYYY-MM`.
 * @example
 * addMonths('2026-03', -5) // '2025-10'
 */
export function addMonths(month: string, n: number): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new Error(`Invalid month "${month}": expected YYYY-MM`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Months from `a` to `b` (`YYYY-MM`, b − a): 0 for the same month.
 * @example
 * monthsBetween('2025-11', '2026-02') // 3
 */
export function monthsBetween(a: string, b: string): number {
  const index = (month: string) => {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!m) throw new Error(`Invalid month "${month}": expected YYYY-MM`);
    return Number(m[1]) * 12 + Number(m[2]) - 1;
  };
  return index(b) - index(a);
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];

/** Days in a month of the proleptic Gregorian calendar (month 1…12). */
function daysInMonth(year: number, month: number): number {
  // Date.UTC maps years 0…99 to 1900…1999; setUTCFullYear does not.
  const d = new Date(Date.UTC(2000, month, 0));
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/**
 * Why `text` is not a calendar day written `YYYY-MM-DD`, or null when it is one. Refuses what
 * `Date.parse` silently rolls over (2026-02-30 is 2 March there) and what it cannot read.
 * @example
 * calendarDayProblem('2026-02-30') // '2026-02-30 is not a date: February 2026 has 28 days'
 * calendarDayProblem('2026-11-23') // null
 */
export function calendarDayProblem(text: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  if (!m) return `must be a date like 2026-11-23 (YYYY-MM-DD), got "${shown}"`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${text} is not a date: the month must be 01 to 12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${text} is not a date: ${MONTH_NAMES[month - 1]} ${m[1]} has ${days} days`;
  return null;
}

/**
 * The last of `months` when it holds only part of its days because the data ends on `through`
 * (the current month): its monthly counts are not comparable with whole months.
 * @example partialMonth(['2026-11', '2026-12'], '2026-12-02') // { month: '2026-12', day: 2, days: 31 }
 * partialMonth(['2026-11'], '2026-11-30') // null (the month is complete)
 */
export function partialMonth(
  months: readonly string[],
  through: string | null | undefined
): { month: string; day: number; days: number } | null {
  if (!through || months.length === 0) return null;
  const last = months[months.length - 1]!;
  if (through.slice(0, 7) !== last) return null;
  const [y, m] = last.split('-').map(Number);
  const days = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  const day = Number(through.slice(8, 10));
  return day < days ? { month: last, day, days } : null;
}
