import { calendarDayProblem, todayInChina } from '../core/dates';
import { allowedHazardStatuses, type HazardLevel, type HazardStatus } from './allowed-hazard-statuses';

/** What the rule needs to know of a hazard (dates `YYYY-MM-DD`, China Standard Time). */
export interface HazardRecord {
  level: HazardLevel;
  status: HazardStatus;
  /** Day the hazard was found. */
  foundOn: string;
  /** Day its rectification was recorded; null until rectified. */
  rectifiedOn: string | null;
  /** Day it was verified (验收); null until verified. */
  verifiedOn: string | null;
}

export interface HazardStatusRequest {
  /** The status asked for. */
  to: HazardStatus;
  /** Day of the change (`YYYY-MM-DD`, China Standard Time); default the day of `now` in China. */
  on?: string;
  /** The instant of the request (the server's clock, or the time a visit was recorded). */
  now: Date;
}

/** Why a change is refused; the edge turns it into 409 (the step) or 422 (the date) and a message. */
export type HazardStatusRefusal =
  | { reason: 'step-not-allowed'; from: HazardStatus; to: HazardStatus; allowed: HazardStatus[] }
  | { reason: 'major-needs-rectified'; from: HazardStatus; to: 'verified' }
  | { reason: 'before-found'; day: string; foundOn: string }
  | { reason: 'before-rectified'; day: string; rectifiedOn: string }
  | { reason: 'after-today'; day: string; today: string };

/** The columns a change writes: the new status and both date fields as they are after it. */
export interface HazardStatusChange {
  status: HazardStatus;
  rectifiedOn: string | null;
  verifiedOn: string | null;
}

export type HazardStatusDecision =
  | { ok: true; day: string; today: string; change: HazardStatusChange }
  | { ok: false; day: string; today: string; refusal: HazardStatusRefusal };

/**
 * The one rule of a hazard's status (used by `PATCH /api/hazards/:id` and by recorded visits):
 * which step is allowed (allowedHazardStatuses: forward only; a general hazard found fixed on site
 * may be verified from open or rectifying, a major one only once its rectification is recorded),
 * the day it happens, and which date fields it sets:
 *
 * | step                            | rectified_on   | verified_on |
 * |---------------------------------|----------------|-------------|
 * | → rectifying                    | stays null     | stays null  |
 * | → rectified                     | the day        | stays null  |
 * | rectified → verified            | kept           | the day     |
 * | open / rectifying → verified    | the day        | the day     |
 *
 * The day is `on`, or today in China Standard Time (UTC+8, Asia/Shanghai, no daylight saving)
 * at `now` — never the UTC date, which is still yesterday until 08:00 in China. It may not be
 * after today, nor before the hazard was found, nor (for a verification) before its recorded
 * rectification. Pure: the caller gives the clock.
 *
 * @throws RangeError when `on` or a date of the hazard is not a real `YYYY-MM-DD` date
 * @example
 * // 00:30 in China on 24 November is 16:30 UTC on the 23rd; the hazard was found that morning
 * decideHazardStatus(
 *   { level: 'general', status: 'open', foundOn: '2026-11-24', rectifiedOn: null, verifiedOn: null },
 *   { to: 'rectified', now: new Date('2026-11-23T16:30:00Z') }
 * ) // { ok: true, day: '2026-11-24', today: '2026-11-24', change: { status: 'rectified', rectifiedOn: '2026-11-24', verifiedOn: null } }
 */
export function decideHazardStatus(hazard: HazardRecord, request: HazardStatusRequest): HazardStatusDecision {
  const today = todayInChina(request.now);
  const day = request.on ?? today;
  checkDate('on', day);
  checkDate('foundOn', hazard.foundOn);
  if (hazard.rectifiedOn !== null) checkDate('rectifiedOn', hazard.rectifiedOn);
  const refuse = (refusal: HazardStatusRefusal): HazardStatusDecision => ({ ok: false, day, today, refusal });

  const { status: from } = hazard;
  const { to } = request;
  const allowed = allowedHazardStatuses(hazard.level, from);
  if (!allowed.includes(to)) {
    const majorShortcut = to === 'verified' && hazard.level === 'major' && (from === 'open' || from === 'rectifying');
    return refuse(
      majorShortcut ? { reason: 'major-needs-rectified', from, to } : { reason: 'step-not-allowed', from, to, allowed }
    );
  }
  if (day > today) return refuse({ reason: 'after-today', day, today });
  if (day < hazard.foundOn) return refuse({ reason: 'before-found', day, foundOn: hazard.foundOn });
  if (to === 'verified' && hazard.rectifiedOn !== null && day < hazard.rectifiedOn) {
    return refuse({ reason: 'before-rectified', day, rectifiedOn: hazard.rectifiedOn });
  }

  const change: HazardStatusChange =
    to === 'rectifying'
      ? { status: to, rectifiedOn: null, verifiedOn: null }
      : to === 'rectified'
        ? { status: to, rectifiedOn: day, verifiedOn: null }
        : { status: to, rectifiedOn: hazard.rectifiedOn ?? day, verifiedOn: day };
  return { ok: true, day, today, change };
}

/** A real calendar date `YYYY-MM-DD` (refuses 2026-02-30). */
function checkDate(name: string, date: string): void {
  if (calendarDayProblem(date) !== null) throw new RangeError(`Invalid ${name} "${date}": expected a date YYYY-MM-DD`);
}
