/**
 * Record an inspector's visit in one transaction: the idempotency key first (a retried or
 * duplicated submit finds it and gets the first answer back), then the hazards seen rectified or
 * verified, the hazards found, and the inspection row that makes the site's inspection recency
 * (and so its priority) change. Runs inside withCaller: row-level security limits every read and
 * write to the inspector's area, and any refusal throws VisitRefusal, which rolls everything back.
 */
import type { Tx } from '../db/contexts';
import type { ParsedVisit } from '../visit-body';
import type { VisitReceipt } from '../../api/inspect';
import { decideHazardStatus } from '../../domain/decide-hazard-status';
import type { HazardLevel, HazardStatus } from '../../domain/allowed-hazard-statuses';
import { translator, type Locale, type MessageKey } from '../../i18n/messages';
import { hazardRefusal } from '../hazard-refusal';

/** A visit that cannot be recorded; nothing of it was written. `message` is the English text. */
export class VisitRefusal extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    /** The refusal in a locale (from the message catalogue). */
    readonly text: (locale: Locale) => string
  ) {
    super(text('en'));
    this.name = 'VisitRefusal';
  }
}

/** A refusal with one catalogue message. */
const refuse = (status: VisitRefusal['status'], key: MessageKey, values: Record<string, string | number>) =>
  new VisitRefusal(status, (locale) => translator(locale)(key, values));

/** A recorded visit: its receipt and the status the endpoint answers with. */
export interface VisitOutcome {
  /** 201 for a new visit, 200 for a replay of an earlier submit with the same key. */
  status: 200 | 201;
  receipt: VisitReceipt;
  replayed: boolean;
}

/**
 * Record one parsed visit on behalf of the caller of the transaction.
 * @throws VisitRefusal 404 (site or hazard not in the caller's area), 409 (key reused for another
 *   body, or a step the status rule of decideHazardStatus does not allow: a hazard already past
 *   that status, a major hazard verified before its rectification is recorded), 422 (hazard of
 *   another site, visit before the hazard was found or before its rectification), 403 (the
 *   database refused the write); each with its message in every locale
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
      throw refuse(409, 'visit.refused.keyReused', { key: body.key });
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
  if (!site) {
    throw new VisitRefusal(404, (locale) => {
      const t = translator(locale);
      return t('visit.refused.siteNotFound', { id: siteId, kind: t(`visit.refused.kind.${kind}`) });
    });
  }

  const hazardsResolved: VisitReceipt['hazardsResolved'] = [];
  if (body.resolved.length) {
    const ids = body.resolved.map((r) => r.hazardId);
    const rows = await tx<
      {
        id: number;
        level: HazardLevel;
        status: HazardStatus;
        found_on: string;
        rectified_on: string | null;
        verified_on: string | null;
        enterprise_id: number | null;
      }[]
    >`
      select id, level, status, found_on::text, rectified_on::text, verified_on::text, enterprise_id
      from hazard where id = any(${ids}::bigint[]) for update`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of body.resolved) {
      const h = byId.get(r.hazardId);
      if (!h) throw refuse(404, 'hazard.notFound', { id: r.hazardId });
      const atSite = kind === 'enterprise' ? h.enterprise_id === siteId : h.id === siteId;
      if (!atSite) throw refuse(422, 'visit.refused.hazardNotAtSite', { id: h.id });
      // The one status rule (as PATCH /api/hazards/:id), on the day of the visit in China (`day`
      // is the China Standard Time date of `at`, which parseVisitBody checked against the clock).
      const decision = decideHazardStatus(
        {
          level: h.level,
          status: h.status,
          foundOn: h.found_on,
          rectifiedOn: h.rectified_on,
          verifiedOn: h.verified_on
        },
        { to: r.status, on: day, now: new Date(body.at) }
      );
      if (!decision.ok) {
        const why = hazardRefusal(decision.refusal);
        throw new VisitRefusal(why.status, (locale) =>
          translator(locale)('visit.refused.hazard', { id: h.id, reason: why.text(locale) })
        );
      }
      const { change } = decision;
      const updated = await tx`
        update hazard set status = ${change.status}, rectified_on = ${change.rectifiedOn}::date, verified_on = ${change.verifiedOn}::date
        where id = ${h.id}`;
      // Row-level security answers "UPDATE 0" for a row the caller may see but not change.
      if (updated.count !== 1) throw refuse(403, 'hazard.forbidden', { id: h.id });
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

/** A stored receipt with the time the server received the visit. */
export interface StoredVisitReceipt {
  receivedAt: string;
  receipt: VisitReceipt;
}

/**
 * The caller's own recorded visits, newest first (at most `limit`): row-level security returns
 * only the caller's submissions.
 */
export async function ownVisitReceipts(tx: Tx, limit: number): Promise<StoredVisitReceipt[]> {
  return tx<StoredVisitReceipt[]>`
    select received_at as "receivedAt", response as receipt from visit_submission
    where response is not null
    order by received_at desc, inspection_id desc limit ${limit}`;
}
