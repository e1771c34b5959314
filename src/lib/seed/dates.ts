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
