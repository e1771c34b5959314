import { error, json } from '@sveltejs/kit';
import postgres from 'postgres';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { audit, auditInTransaction } from '$lib/server/audit';
import { translator } from '$lib/i18n/messages';
import { parseVisitBody } from '$lib/server/visit-body';
import type { VisitAnswer, VisitsAnswer } from '$lib/api/inspect';
import { ownVisitReceipts, recordVisit, VisitRefusal, type VisitOutcome } from '$lib/server/queries/record-visit';
import type { RequestHandler } from './$types';

const ACTION = 'POST /api/inspect/visits';

/**
 * GET /api/inspect/visits — the caller's own recorded visits, newest first (at most 200): the
 * receipts the page shows as synced. Row-level security returns only the caller's submissions.
 */
export const GET: RequestHandler = async ({ locals }) => {
  const rows = await withCaller(await getSql(), locals.sessionToken!, (tx) => ownVisitReceipts(tx, 200));
  return json({ visits: rows.map((r) => ({ ...r.receipt, receivedAt: r.receivedAt })) } satisfies VisitsAnswer);
};

/**
 * POST /api/inspect/visits — record one visit (body: visitBody of src/lib/api/inspect.ts): hazards found,
 * hazards seen rectified or verified, a note, the phone's position and time. Idempotent by `key`:
 * the first submit answers 201, every retry with the same key and body 200 with the same receipt
 * and `replayed: true`; the same key with another body 409. Transactional and audited; a site or
 * hazard outside the caller's area is 404 and writes nothing.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
  const parsed = parseVisitBody(await request.json().catch(() => undefined), new Date(), translator(locals.locale));
  if (!parsed.ok) error(parsed.status, parsed.message);
  const { body } = parsed.visit;
  const sql = await getSql();
  let outcome: VisitOutcome;
  try {
    // The audit row commits with the visit, or neither does.
    outcome = await withCaller(sql, locals.sessionToken!, async (tx) => {
      const done = await recordVisit(tx, parsed.visit);
      const r = done.receipt;
      await auditInTransaction(tx, {
        user: locals.user,
        action: ACTION,
        objectType: 'inspection',
        objectId: String(r.inspectionId),
        areaCode: r.gridCode,
        outcome: 'allowed',
        status: done.status,
        detail: {
          key: r.key,
          site: `${r.site.kind}-${r.site.id}`,
          found: r.hazardsFound.length,
          resolved: r.hazardsResolved.length,
          replayed: done.replayed
        }
      });
      return done;
    });
  } catch (err) {
    // A planner's save was redrawing these grids (0013): nothing was written; the queue resends.
    if (err instanceof postgres.PostgresError && (err.code === '40001' || err.code === '40P01')) {
      return json(
        { message: translator(locals.locale)('visit.retry.busy'), reason: 'busy' },
        { status: 503, headers: { 'retry-after': '5' } }
      );
    }
    const refusal =
      err instanceof VisitRefusal
        ? err
        : err instanceof postgres.PostgresError && (err.code === '23514' || err.code === '42501')
          ? new VisitRefusal(err.code === '42501' ? 403 : 422, (locale) =>
              translator(locale)('visit.refused.database', { reason: err.message })
            )
          : null;
    if (!refusal) throw err;
    await audit(sql, {
      user: locals.user,
      action: ACTION,
      objectType: body.site.kind,
      objectId: String(body.site.id),
      outcome: 'denied',
      status: refusal.status,
      detail: { key: body.key, reason: refusal.message.slice(0, 200) }
    });
    error(refusal.status, refusal.text(locals.locale));
  }
  const r = outcome.receipt;
  return json({ ...r, replayed: outcome.replayed } satisfies VisitAnswer, { status: outcome.status });
};
