import { DAY_MS } from '../core/dates';

/** Days allowed to decide whether to accept a petition, counted from receipt. */
export const ACCEPTANCE_DAYS = 15;
/** Days allowed to resolve an accepted petition, counted from acceptance, before any extension. */
export const RESOLUTION_DAYS = 60;
/** Longest single extension of the resolution period, in days. */
export const MAX_EXTENSION_DAYS = 30;

/** The dates of one petition case (信访事项) that its deadlines depend on. */
export interface PetitionDates {
  received_at: Date;
  /** When the case was accepted (受理); null while the decision is pending. */
  accepted_at: Date | null;
  /** Days the resolution period was extended, an integer 0…30. */
  extension_days: number;
  /** When the case was closed (resolved or closed unresolved); null while open. */
  closed_at: Date | null;
}

/** Deadlines of one petition case and whether they were met. */
export interface PetitionDeadlines {
  /** Last instant acceptance may be decided: receipt + 15 days. */
  acceptanceDue: Date;
  /** Last instant the case may be closed: acceptance + 60 days + extension; null until accepted. */
  resolutionDue: Date | null;
  /** Accepted by `acceptanceDue`; null while not accepted. */
  acceptedOnTime: boolean | null;
  /** Closed by `resolutionDue`; null while not accepted or not closed. */
  closedOnTime: boolean | null;
}

/**
 * Deadlines of a petition case under the 信访工作条例 (2022): the decision to
 * accept is due within 15 days of receipt; an accepted case is due to be resolved within 60 days
 * of acceptance, and the period may be extended once by at most 30 days. A deadline is met when
 * the event happens at or before the due instant.
 *
 * Days are counted as 24-hour periods from the instant of receipt or acceptance. China Standard
 * Time has no daylight saving, so this equals counting calendar days in Asia/Shanghai; the SQL
 * queries use the same rule (`+ n * interval '24 hours'`).
 *
 * @throws RangeError when `extension_days` is not an integer 0…30.
 * @example
 * petitionDeadlines({
 *   received_at: new Date('2026-03-01T02:00:00Z'), accepted_at: new Date('2026-03-10T02:00:00Z'),
 *   extension_days: 30, closed_at: new Date('2026-06-01T02:00:00Z')
 * });
 * // → acceptanceDue 2026-03-16T02:00Z, resolutionDue 2026-06-08T02:00Z (10 Mar + 90 days),
 * //   acceptedOnTime true, closedOnTime true
 */
export function petitionDeadlines(c: PetitionDates): PetitionDeadlines {
  if (!Number.isInteger(c.extension_days) || c.extension_days < 0 || c.extension_days > MAX_EXTENSION_DAYS) {
    throw new RangeError(
      `Invalid extension_days ${c.extension_days}: must be an integer between 0 and ${MAX_EXTENSION_DAYS}`
    );
  }
  const acceptanceDue = new Date(c.received_at.getTime() + ACCEPTANCE_DAYS * DAY_MS);
  const resolutionDue = c.accepted_at
    ? new Date(c.accepted_at.getTime() + (RESOLUTION_DAYS + c.extension_days) * DAY_MS)
    : null;
  return {
    acceptanceDue,
    resolutionDue,
    acceptedOnTime: c.accepted_at ? c.accepted_at.getTime() <= acceptanceDue.getTime() : null,
    closedOnTime: resolutionDue && c.closed_at ? c.closed_at.getTime() <= resolutionDue.getTime() : null
  };
}
