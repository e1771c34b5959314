import { error, json } from '@sveltejs/kit';
import type { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { findHazard, updateHazardStatus } from '$lib/server/queries/hazards';
import { hazardPatchBody, type HazardRecord } from '$lib/api/hazards';
import { audit } from '$lib/server/audit';
import type { PersonalIdentifier } from '$lib/domain/find-personal-identifiers';
import { allowedHazardStatuses } from '$lib/domain/allowed-hazard-statuses';
import { decideHazardStatus } from '$lib/domain/decide-hazard-status';
import { hazardRefusal } from '$lib/server/hazard-refusal';
import { translator, type Locale, type MessageKey } from '$lib/i18n/messages';
import { numericId } from '$lib/api/params';
import type { RequestHandler } from './$types';

function parseId(raw: string, t: ReturnType<typeof translator>): number {
  const parsed = numericId.safeParse(raw);
  if (!parsed.success) error(400, t('hazard.invalid.id', { raw: raw.length > 40 ? `${raw.slice(0, 40)}…` : raw }));
  return parsed.data;
}

/** GET /api/hazards/:id — one hazard of the caller's area (others are "not found"). */
export const GET: RequestHandler = async ({ params, locals }) => {
  const id = parseId(params.id, translator(locals.locale));
  const row = await withCaller(await getSql(), locals.sessionToken!, (tx) => findHazard(tx, id));
  if (!row) error(404, translator(locals.locale)('hazard.notFound', { id }));
  return json(row satisfies HazardRecord);
};

/** The catalogue message (and 400 or 422) of the first problem of a body that does not parse. */
function bodyProblem(
  issue: z.core.$ZodIssue | undefined,
  raw: unknown
): { status: 400 | 422; key: MessageKey; values?: Record<string, string> } {
  if (!issue) return { status: 400, key: 'hazard.invalid.body' };
  if (issue.code === 'custom' && issue.path[0] === 'note') {
    const { kind, masked } = issue.params as { kind: PersonalIdentifier['kind']; masked: string };
    return { status: 422, key: 'hazard.invalid.noteIdentifier', values: { kind: `screen.kind.${kind}`, masked } };
  }
  if (issue.code === 'unrecognized_keys')
    return { status: 400, key: 'hazard.invalid.unknownField', values: { field: issue.keys[0] ?? '' } };
  const field = issue.path[0];
  if (field === 'on') {
    const on = (raw as { on?: unknown }).on;
    const shown =
      typeof on === 'string' ? (on.length > 40 ? `${on.slice(0, 40)}…` : on) : (JSON.stringify(on) ?? String(on));
    return { status: 400, key: 'hazard.invalid.on', values: { raw: shown } };
  }
  if (field === 'status' || field === 'note') return { status: 400, key: `hazard.invalid.${field}` };
  return { status: 400, key: 'hazard.invalid.body' };
}

/**
 * PATCH /api/hazards/:id — move a hazard along open → rectifying → rectified → verified by the one
 * rule of src/lib/domain/decide-hazard-status.ts (the same as recorded visits): `on` defaults to
 * today in China Standard Time. Refusals are 400/422 (body, day), 404 (not in the caller's area),
 * 409 (step not allowed from the hazard's status), 403 (the database refused the write), each with
 * a message in the caller's language; the change and its audit entry, or nothing.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
  const t = translator(locals.locale);
  const id = parseId(params.id, t);
  const raw: unknown = await request.json().catch(() => undefined);
  const body = hazardPatchBody.safeParse(raw);
  if (!body.success) {
    const problem = bodyProblem(body.error.issues[0], raw);
    const values = problem.values?.kind
      ? { ...problem.values, kind: t(problem.values.kind as MessageKey) }
      : problem.values;
    error(problem.status, t(problem.key, values));
  }
  const sql = await getSql();
  const { status, on, note } = body.data;
  const now = new Date();
  const result = await withCaller(sql, locals.sessionToken!, async (tx) => {
    const current = await findHazard(tx, id);
    if (!current)
      return { status: 404 as const, text: (locale: Locale) => translator(locale)('hazard.notFound', { id }) };
    const decision = decideHazardStatus(
      {
        level: current.level,
        status: current.status,
        foundOn: current.found_on,
        rectifiedOn: current.rectified_on,
        verifiedOn: current.verified_on
      },
      { to: status, on, now }
    );
    const base = { gridCode: current.grid_code, from: current.status, day: decision.day };
    if (!decision.ok) return { ...base, ...hazardRefusal(decision.refusal), reason: decision.refusal.reason };
    const { change } = decision;
    // Only from the status just read: a change committed in between finds no row to update.
    const updated = await updateHazardStatus(tx, id, current.status, change, note ?? null);
    if (!updated) {
      const latest = await findHazard(tx, id);
      // Row-level security answers "UPDATE 0" for a row the caller may see but not change.
      if (!latest || latest.status === current.status)
        return {
          ...base,
          status: 403 as const,
          text: (locale: Locale) => translator(locale)('hazard.forbidden', { id }),
          reason: 'forbidden'
        };
      const moved = {
        reason: 'step-not-allowed' as const,
        from: latest.status,
        to: status,
        allowed: allowedHazardStatuses(latest.level, latest.status)
      };
      return { ...base, from: latest.status, ...hazardRefusal(moved), reason: 'changed' };
    }
    const after = await findHazard(tx, id);
    return { ...base, status: 200 as const, row: after! };
  });
  await audit(sql, {
    user: locals.user,
    action: 'PATCH /api/hazards/[id]',
    objectType: 'hazard',
    objectId: String(id),
    areaCode: 'gridCode' in result ? result.gridCode : undefined,
    outcome: result.status === 200 ? 'allowed' : 'denied',
    status: result.status,
    detail: {
      ...('from' in result ? { from: result.from, day: result.day } : {}),
      to: status,
      ...('reason' in result ? { reason: result.reason } : {})
    }
  });
  if (result.status !== 200) error(result.status, result.text(locals.locale));
  return json(result.row satisfies HazardRecord);
};
