/**
 * The server's part of POST /api/inspect/visits: the body's schema (src/lib/api/inspect.ts), then
 * the checks against the server's clock and the fingerprint that makes a retry idempotent.
 */
import { createHash } from 'node:crypto';
import { DAY_MS, todayInChina } from '../core/dates';
import { visitBody, type VisitBody } from '../api/inspect';

/** How far back a queued visit may be (days) and how far ahead of the server clock (minutes). */
export const VISIT_MAX_AGE_DAYS = 30;
export const VISIT_MAX_CLOCK_SKEW_MINUTES = 10;

/** A parsed visit, the day it happened (China Standard Time) and the fingerprint of its body. */
export interface ParsedVisit {
  body: VisitBody;
  /** YYYY-MM-DD in China Standard Time. */
  day: string;
  /** SHA-256 (hex) of the parsed body: the same key with another body is refused. */
  hash: string;
}

export type VisitParse = { ok: true; visit: ParsedVisit } | { ok: false; status: 400 | 422; message: string };

/**
 * Parse and check a visit body. 400 for a malformed body (with the field named), 422 for a
 * well-formed one that cannot be true: personal identifiers in a text, a time in the future or
 * more than VISIT_MAX_AGE_DAYS ago, a deadline before the visit, a hazard listed twice.
 * @param now the server's clock
 */
export function parseVisitBody(raw: unknown, now: Date): VisitParse {
  const parsed = visitBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const status =
      issue.code === 'custom' && (issue as { params?: { status?: number } }).params?.status === 422 ? 422 : 400;
    const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
    return { ok: false, status, message: `Invalid visit: ${where}${issue.message}` };
  }
  const body = parsed.data;
  const at = new Date(body.at);
  if (at.getTime() > now.getTime() + VISIT_MAX_CLOCK_SKEW_MINUTES * 60_000) {
    return {
      ok: false,
      status: 422,
      message: `Invalid visit: "at" ${body.at} is in the future; check the phone's clock`
    };
  }
  if (at.getTime() < now.getTime() - VISIT_MAX_AGE_DAYS * DAY_MS) {
    return {
      ok: false,
      status: 422,
      message: `Invalid visit: "at" ${body.at} is more than ${VISIT_MAX_AGE_DAYS} days ago; record it with the hazard endpoints instead`
    };
  }
  const day = todayInChina(at);
  const late = body.found.findIndex((f) => f.deadline < day);
  if (late >= 0) {
    return {
      ok: false,
      status: 422,
      message: `Invalid visit: "found.${late}.deadline" ${body.found[late]!.deadline} is before the visit (${day})`
    };
  }
  const ids = body.resolved.map((r) => r.hazardId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined)
    return { ok: false, status: 422, message: `Invalid visit: hazard ${twice} is listed twice in "resolved"` };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { ok: true, visit: { body, day, hash } };
}
