/**
 * The server's part of POST /api/inspect/visits: the body's schema (src/lib/api/inspect.ts), then
 * the checks against the server's clock and the fingerprint that makes a retry idempotent.
 */
import { createHash } from 'node:crypto';
import { DAY_MS, todayInChina } from '../core/dates';
import { visitBody, type VisitBody } from '../api/inspect';
import { translator, type MessageKey, type Translate } from '../i18n/messages';

/** How far back a queued visit may be (days) and how far ahead of the server clock (minutes). */
export const VISIT_MAX_AGE_DAYS = 30;
export const VISIT_MAX_CLOCK_SKEW_MINUTES = 10;

/** Fields of a visit with their own hint of what is expected (visit.hint.*). */
const VISIT_HINTS = [
  'key',
  'kind',
  'id',
  'at',
  'lon',
  'lat',
  'note',
  'level',
  'description',
  'deadline',
  'hazardId',
  'status',
  'found',
  'resolved'
] as const;

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
export function parseVisitBody(raw: unknown, now: Date, t: Translate = translator('en')): VisitParse {
  const parsed = visitBody.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const params = (issue as { params?: { status?: number; kind?: string; masked?: string } }).params;
    const field = issue.path.length ? issue.path.join('.') : '—';
    if (issue.code === 'custom' && params?.status === 422 && params.kind) {
      return {
        ok: false,
        status: 422,
        message: t('visit.invalid.personal', {
          field,
          kind: t(`screen.kind.${params.kind}` as MessageKey),
          masked: params.masked ?? ''
        })
      };
    }
    const name = [...issue.path].reverse().find((p): p is string => typeof p === 'string') ?? 'body';
    const hint = (VISIT_HINTS as readonly string[]).includes(name) ? name : 'body';
    return {
      ok: false,
      status: 400,
      message: t('visit.invalid.field', { field, hint: t(`visit.hint.${hint}` as MessageKey) })
    };
  }
  const body = parsed.data;
  const at = new Date(body.at);
  if (at.getTime() > now.getTime() + VISIT_MAX_CLOCK_SKEW_MINUTES * 60_000) {
    return {
      ok: false,
      status: 422,
      message: t('visit.invalid.future', { at: body.at })
    };
  }
  if (at.getTime() < now.getTime() - VISIT_MAX_AGE_DAYS * DAY_MS) {
    return {
      ok: false,
      status: 422,
      message: t('visit.invalid.old', { at: body.at, days: VISIT_MAX_AGE_DAYS })
    };
  }
  const day = todayInChina(at);
  const late = body.found.findIndex((f) => f.deadline < day);
  if (late >= 0) {
    return {
      ok: false,
      status: 422,
      message: t('visit.invalid.deadline', { n: late + 1, deadline: body.found[late]!.deadline, day })
    };
  }
  const ids = body.resolved.map((r) => r.hazardId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return { ok: false, status: 422, message: t('visit.invalid.twice', { id: twice }) };
  const hash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  return { ok: true, visit: { body, day, hash } };
}
