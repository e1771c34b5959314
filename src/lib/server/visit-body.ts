/**
 * The body of POST /api/inspect/visits: one visit recorded on a phone, possibly hours after it
 * happened (the browser queues it while offline). Parsed with zod; every refusal says what to fix.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { findPersonalIdentifiers } from '../domain/find-personal-identifiers';
import { translator } from '../i18n/messages';
import { todayInChina } from '../seed/dates';
import { latitude, longitude } from '../api/inspect-params';
import { day } from '../api/params';

/** How far back a queued visit may be (days) and how far ahead of the server clock (minutes). */
export const VISIT_MAX_AGE_DAYS = 30;
export const VISIT_MAX_CLOCK_SKEW_MINUTES = 10;

// The API answers in English like its other refusals; the form screens the same text first, in the user's language.
const en = translator('en');

/**
 * Free text, at most `max` characters, refused when it looks like it names a person (422): the
 * shared screen of src/lib/domain/find-personal-identifiers.ts, which the visit form runs too.
 */
function screenedText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, ctx) => {
      const found = findPersonalIdentifiers(text)[0];
      if (found) {
        ctx.addIssue({
          code: 'custom',
          params: { status: 422 },
          message: `looks like it contains ${en(`screen.kind.${found.kind}`)} (${found.masked}); remove it — the system records places and hazards, not people`
        });
      }
    });
}

const schema = z.strictObject({
  /** Idempotency key: a UUID the browser picks once per visit and sends on every retry. */
  key: z.uuid({ message: 'must be a UUID chosen once per visit (crypto.randomUUID())' }),
  site: z.strictObject({
    kind: z.enum(['enterprise', 'hazard_site'], { message: 'must be enterprise or hazard_site' }),
    id: z.number({ message: 'must be the site id (a positive integer)' }).int().positive().max(2 ** 53)
  }),
  /** When the visit was recorded on the phone (ISO 8601 with an offset). */
  at: z.iso.datetime({ offset: true, message: 'must be a date and time such as 2026-11-25T09:30:00+08:00' }),
  /** Where the phone was, if it knew. */
  position: z.strictObject({ lon: longitude, lat: latitude }).optional(),
  note: screenedText(0, 500).optional(),
  /** Hazards found on this visit. */
  found: z
    .array(
      z.strictObject({
        level: z.enum(['general', 'major'], { message: 'must be general or major' }),
        description: screenedText(1, 500),
        /** Rectification deadline (整改期限), YYYY-MM-DD. */
        deadline: day
      })
    )
    .max(20, 'at most 20 hazards per visit')
    .default([]),
  /** Hazards of this site seen rectified (rectified) or checked and closed (verified). */
  resolved: z
    .array(
      z.strictObject({
        hazardId: z.number({ message: 'must be a hazard id' }).int().positive().max(2 ** 53),
        status: z.enum(['rectified', 'verified'], { message: 'must be rectified or verified' })
      })
    )
    .max(50, 'at most 50 hazards per visit')
    .default([])
});

export type VisitBody = z.output<typeof schema>;

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
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const status = issue.code === 'custom' && (issue as { params?: { status?: number } }).params?.status === 422 ? 422 : 400;
    const where = issue.path.length ? `"${issue.path.join('.')}" ` : '';
    return { ok: false, status, message: `Invalid visit: ${where}${issue.message}` };
  }
  const body = parsed.data;
  const at = new Date(body.at);
  if (at.getTime() > now.getTime() + VISIT_MAX_CLOCK_SKEW_MINUTES * 60_000) {
    return { ok: false, status: 422, message: `Invalid visit: "at" ${body.at} is in the future; check the phone's clock` };
  }
  if (at.getTime() < now.getTime() - VISIT_MAX_AGE_DAYS * 86_400_000) {
    return { ok: false, status: 422, message: `Invalid visit: "at" ${body.at} is more than ${VISIT_MAX_AGE_DAYS} days ago; record it with the hazard endpoints instead` };
  }
  const day = todayInChina(at);
  const late = body.found.findIndex((f) => f.deadline < day);
  if (late >= 0) {
    return { ok: false, status: 422, message: `Invalid visit: "found.${late}.deadline" ${body.found[late]!.deadline} is before the visit (${day})` };
  }
  const ids = body.resolved.map((r) => r.hazardId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return { ok: false, status: 422, message: `Invalid visit: hazard ${twice} is listed twice in "resolved"` };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { ok: true, visit: { body, day, hash } };
}
