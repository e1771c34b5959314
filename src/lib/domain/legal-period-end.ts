import { addDays, dayNumber } from '../core/dates';

/**
 * The official working calendar (国务院办公厅 holiday notices): days off that fall on weekdays
 * and make-up working days (调休上班) that fall on weekends. Days are `YYYY-MM-DD`. A day in
 * neither set is a working day from Monday to Friday and a rest day on Saturday and Sunday, so a
 * year the calendar does not cover counts plain weeks.
 */
export interface WorkCalendar {
  /** Days off (statutory holidays and the days moved next to them). */
  offDays: ReadonlySet<string>;
  /** Weekend days that are working days. */
  workDays: ReadonlySet<string>;
}

/** How a time limit counts: calendar days (日) or working days (工作日). */
export type PeriodUnit = 'calendar' | 'working';

/** Whether `day` is a working day under `calendar`. */
export function isWorkingDay(day: string, calendar: WorkCalendar): boolean {
  if (calendar.workDays.has(day)) return true;
  if (calendar.offDays.has(day)) return false;
  // 1970-01-01 was a Thursday: day number 0 → weekday 4 (0 = Sunday).
  const weekday = (((dayNumber(day) + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/**
 * The last day of a time limit of `days` counted from the event on `start`, the way Chinese law
 * counts periods (民法典 Art. 201–203): the day of the event is not counted, the period runs from
 * the next day, and it ends at the end of its last day.
 *
 * - `calendar`: the `days`-th day after `start`; when that day is a rest day or holiday, the period
 *   ends on the first working day after it (Art. 203: "期间的最后一日是法定休假日的，以法定休假日
 *   结束的次日为期间的最后一日").
 * - `working`: the `days`-th working day after `start`.
 *
 * An action on or before the returned day is in time.
 *
 * @throws RangeError when `days` is not a non-negative integer
 * @example
 * // 15 days from 16 September 2024 is 1 October, the first day of 国庆 (1–7 October): the
 * // period ends on 8 October, the first working day after the holiday.
 * legalPeriodEnd('2024-09-16', 15, 'calendar', calendar) // '2024-10-08'
 * // 5 working days from Friday 27 September 2024 (Sunday 29 September is a make-up working day):
 * legalPeriodEnd('2024-09-27', 5, 'working', calendar) // '2024-10-10'
 */
export function legalPeriodEnd(start: string, days: number, unit: PeriodUnit, calendar: WorkCalendar): string {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`Invalid period of ${days} days: must be a non-negative integer`);
  if (unit === 'calendar') {
    let end = addDays(start, days);
    // A holiday period is at most a few weeks long; the bound only guards a malformed calendar.
    for (let i = 0; i < 60 && days > 0 && !isWorkingDay(end, calendar); i++) end = addDays(end, 1);
    return end;
  }
  let day = start;
  for (let counted = 0; counted < days;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) counted++;
  }
  return day;
}
