import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/db';
import { withCaller } from '$lib/server/db/contexts';
import { audit } from '$lib/server/audit';
import { findPersonalIdentifiers } from '$lib/domain/find-personal-identifiers';
import type { RequestHandler } from './$types';

const idParam = z.coerce.number({ message: 'must be a hazard id (a positive integer)' }).int().positive().max(2 ** 53);

function parseId(raw: string): number {
  const parsed = idParam.safeParse(raw);
  if (!parsed.success) error(400, `Invalid hazard id "${raw}": ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

interface HazardRow {
  id: number; level: string; status: string; source: string; found_on: string; deadline: string;
  rectified_on: string | null; verified_on: string | null; rectification_note: string | null;
  enterprise_id: number | null; grid_code: string;
  lon: number; lat: number;
}

const selectHazard = (tx: Parameters<Parameters<typeof withCaller>[2]>[0], id: number) => tx<HazardRow[]>`
  select h.id, h.level, h.status, h.source, h.found_on::text, h.deadline::text, h.rectified_on::text,
         h.verified_on::text, h.rectification_note, h.enterprise_id, g.code as grid_code,
         round(ST_X(h.geom)::numeric, 6)::float8 as lon, round(ST_Y(h.geom)::numeric, 6)::float8 as lat
  from hazard h join area g on g.id = h.grid_id
  where h.id = ${id}`;

/** GET /api/hazards/:id — one hazard of the caller's area (others are "not found"). */
export const GET: RequestHandler = async ({ params, locals }) => {
  const id = parseId(params.id);
  const [row] = await withCaller(await getSql(), locals.sessionToken!, (tx) => selectHazard(tx, id));
  if (!row) error(404, `No hazard ${id} in your area`);
  return json(row);
};

/** Allowed status changes: the rectification workflow only moves forward. */
const NEXT: Record<string, string[]> = {
  open: ['rectifying', 'rectified'],
  rectifying: ['rectified'],
  rectified: ['verified'],
  verified: []
};

const KIND_NAMES = { id_number: 'an ID number', mobile: 'a mobile number', landline: 'a phone number', email: 'an e-mail address', household: "a person's name with their home" };

const patchBody = z.strictObject({
  status: z.enum(['rectifying', 'rectified', 'verified']),
  /** Day of the change (YYYY-MM-DD); default today. */
  on: z.iso.date().optional(),
  /** What was done (free text, screened for personal identifiers). */
  note: z
    .string()
    .trim()
    .max(500)
    .superRefine((text, ctx) => {
      const found = findPersonalIdentifiers(text)[0];
      if (found) {
        ctx.addIssue({
          code: 'custom',
          message: `looks like it contains ${KIND_NAMES[found.kind]} (${found.masked}); remove it — the system records places and cases, not people`
        });
      }
    })
    .optional()
});

/** PATCH /api/hazards/:id — move a hazard along open → rectifying → rectified → verified. */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
  const id = parseId(params.id);
  const body = patchBody.safeParse(await request.json().catch(() => undefined));
  if (!body.success) {
    const issue = body.error.issues[0]!;
    error(issue.code === 'custom' ? 422 : 400, `Invalid body: ${issue.path.length ? `"${issue.path.join('.')}" ` : ''}${issue.message}`);
  }
  const sql = await getSql();
  const { status, on, note } = body.data;
  const result = await withCaller(sql, locals.sessionToken!, async (tx) => {
    const [current] = await selectHazard(tx, id);
    if (!current) return { status: 404 as const, message: `No hazard ${id} in your area` };
    if (!NEXT[current.status]!.includes(status)) {
      return { status: 409 as const, message: `A hazard that is ${current.status} cannot become ${status}` };
    }
    const day = on ?? new Date().toISOString().slice(0, 10);
    if (day < current.found_on) return { status: 422 as const, message: `The date ${day} is before the hazard was found (${current.found_on})` };
    const updated = await tx`
      update hazard set status = ${status},
        rectified_on = case when ${status} in ('rectified', 'verified') then coalesce(rectified_on, ${day}::date) else rectified_on end,
        verified_on = case when ${status} = 'verified' then ${day}::date else verified_on end,
        rectification_note = coalesce(${note ?? null}, rectification_note)
      where id = ${id}
      returning id`;
    // Row-level security answers "UPDATE 0" for a row the caller may see but not change.
    if (updated.count === 0) return { status: 403 as const, message: 'You may not change this hazard' };
    const [after] = await selectHazard(tx, id);
    return { status: 200 as const, row: after!, gridCode: current.grid_code, from: current.status };
  });
  await audit(sql, {
    user: locals.user, action: 'PATCH /api/hazards/[id]', objectType: 'hazard', objectId: String(id),
    areaCode: 'gridCode' in result ? result.gridCode : undefined,
    outcome: result.status === 200 ? 'allowed' : 'denied', status: result.status,
    detail: 'from' in result ? { from: result.from ?? null, to: status } : { to: status }
  });
  if (result.status !== 200) error(result.status, result.message);
  return json(result.row);
};
