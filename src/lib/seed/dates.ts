/** Calendar helpers on plain `YYYY-MM-DD` dates (no time zone involved). */

const DAY_MS = 86_400_000;

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
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

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
