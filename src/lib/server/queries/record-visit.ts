/**
 * Record an inspector's visit in one transaction: the idempotency key first (a retried or
 * duplicated submit finds it and gets the first answer back), then the hazards seen rectified or
 * verified, the hazards found, and the inspection row that makes the site's inspection recency
 * (and so its priority) change. Runs inside withCaller: row-level security limits every read and
 * write to the inspector's area, and any refusal throws VisitRefusal, which rolls everything back.
 */
import type { Tx } from '../db/contexts';
import type { ParsedVisit } from '../visit-body';

/** A visit that cannot be recorded; nothing of it was written. */
export class VisitRefusal extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    message: string
  ) {
    super(message);
    this.name = 'VisitRefusal';
  }
}

/** What the endpoint answers, stored with the key so that a retry gets the same answer. */
export interface VisitReceipt {
  key: string;
  inspectionId: number;
  site: { kind: 'enterprise' | 'hazard_site'; id: number };
  /** Day of the visit (China Standard Time). */
  day: string;
  /** Area code of the site's grid. */
  gridCode: string;
  result: 'no_issue' | 'hazards_found' | 'rectification_verified';
  hazardsFound: number[];
  hazardsResolved: { id: number; from: string; to: 'rectified' | 'verified' }[];
}

export interface VisitOutcome {
  /** 201 for a new visit, 200 for a replay of an earlier submit with the same key. */
  status: 200 | 201;
  receipt: VisitReceipt;
  replayed: boolean;
}

/** The moves a visit may make: a hazard seen rectified, or verified (closing it). */
const FROM: Record<'rectified' | 'verified', readonly string[]> = {
  rectified: ['open', 'rectifying'],
  verified: ['open', 'rectifying', 'rectified']
};

/**
 * Record one parsed visit on behalf of the caller of the transaction.
 * @throws VisitRefusal 404 (site or hazard not in the caller's area), 409 (key reused for another
 *   body, or a hazard already past that status), 422 (hazard of another site, date before found),
 *   403 (the database refused the write)
 */
export async function recordVisit(tx: Tx, { body, day, hash }: ParsedVisit): Promise<VisitOutcome> {
  const [claimed] = await tx<{ key: string }[]>`
    insert into visit_submission (idempotency_key, user_id, request_hash)
    values (${body.key}, (select user_id from app_session_user()), ${hash})
    on conflict (idempotency_key) do nothing
    returning idempotency_key as key`;
  if (!claimed) {
    const [earlier] = await tx<{ request_hash: string; response: VisitReceipt | null }[]>`
      select request_hash, response from visit_submission where idempotency_key = ${body.key}`;
    if (!earlier || earlier.request_hash !== hash || !earlier.response) {
      throw new VisitRefusal(409, `The key ${body.key} was already used for another visit: send a new key for a new visit`);
    }
    return { status: 200, receipt: earlier.response, replayed: true };
  }

  const { kind, id: siteId } = body.site;
  const [site] =
    kind === 'enterprise'
      ? await tx<{ grid_code: string; lon: number; lat: number }[]>`
          select g.code as grid_code, ST_X(e.geom) as lon, ST_Y(e.geom) as lat
          from enterprise e join area g on g.id = e.grid_id where e.id = ${siteId}`
      : await tx<{ grid_code: string; lon: number; lat: number }[]>`
          select g.code as grid_code, ST_X(h.geom) as lon, ST_Y(h.geom) as lat
          from hazard h join area g on g.id = h.grid_id where h.id = ${siteId} and h.enterprise_id is null`;
  if (!site) throw new VisitRefusal(404, `No ${kind === 'enterprise' ? 'enterprise' : 'free hazard site'} ${siteId} in your area`);

  const hazardsResolved: VisitReceipt['hazardsResolved'] = [];
  if (body.resolved.length) {
    const ids = body.resolved.map((r) => r.hazardId);
    const rows = await tx<{ id: number; status: string; found_on: string; enterprise_id: number | null }[]>`
      select id, status, found_on::text, enterprise_id from hazard where id = any(${ids}::bigint[]) for update`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of body.resolved) {
      const h = byId.get(r.hazardId);
      if (!h) throw new VisitRefusal(404, `No hazard ${r.hazardId} in your area`);
      const atSite = kind === 'enterprise' ? h.enterprise_id === siteId : h.id === siteId;
      if (!atSite) throw new VisitRefusal(422, `Hazard ${h.id} is not at this site`);
      if (!FROM[r.status].includes(h.status)) throw new VisitRefusal(409, `Hazard ${h.id} is ${h.status} and cannot become ${r.status}`);
      if (day < h.found_on) throw new VisitRefusal(422, `The visit (${day}) is before hazard ${h.id} was found (${h.found_on})`);
      const updated = await tx`
        update hazard set status = ${r.status},
          rectified_on = coalesce(rectified_on, ${day}::date),
          verified_on = case when ${r.status} = 'verified' then ${day}::date else verified_on end
        where id = ${h.id}`;
      // Row-level security answers "UPDATE 0" for a row the caller may see but not change.
      if (updated.count !== 1) throw new VisitRefusal(403, `You may not change hazard ${h.id}`);
      hazardsResolved.push({ id: h.id, from: h.status, to: r.status });
    }
  }

  const hazardsFound: number[] = [];
  for (const f of body.found) {
    const [row] = await tx<{ id: number }[]>`
      insert into hazard (level, status, source, found_on, deadline, description, enterprise_id, geom)
      values (${f.level}, 'open', 'inspection', ${day}, ${f.deadline}, ${f.description},
              ${kind === 'enterprise' ? siteId : null}, ST_SetSRID(ST_MakePoint(${site.lon}::float8, ${site.lat}::float8), 4326))
      returning id`;
    hazardsFound.push(row!.id);
  }

  const result: VisitReceipt['result'] = hazardsFound.length
    ? 'hazards_found'
    : hazardsResolved.some((r) => r.to === 'verified')
      ? 'rectification_verified'
      : 'no_issue';
  const position = body.position ?? null;
  const [inspection] = await tx<{ id: number }[]>`
    insert into inspection (enterprise_id, hazard_id, inspected_at, result, hazards_found, idempotency_key, geom,
                            recorded_by, recorded_geom, note)
    values (${kind === 'enterprise' ? siteId : null}, ${kind === 'hazard_site' ? siteId : null}, ${body.at}, ${result},
            ${hazardsFound.length}, ${body.key}, ST_SetSRID(ST_MakePoint(${site.lon}::float8, ${site.lat}::float8), 4326),
            (select user_id from app_session_user()),
            case when ${position !== null} then ST_SetSRID(ST_MakePoint(${position?.lon ?? 0}::float8, ${position?.lat ?? 0}::float8), 4326) end,
            ${body.note || null})
    returning id`;

  const receipt: VisitReceipt = {
    key: body.key,
    inspectionId: inspection!.id,
    site: { kind, id: siteId },
    day,
    gridCode: site.grid_code,
    result,
    hazardsFound,
    hazardsResolved
  };
  await tx`update visit_submission set inspection_id = ${receipt.inspectionId}, response = ${tx.json(receipt as never)}
           where idempotency_key = ${body.key}`;
  return { status: 201, receipt, replayed: false };
}
