import { getSql } from '$lib/server/db';
import type { Tx } from '$lib/server/db/contexts';
import { parseSearchParams } from '$lib/server/http';
import { mapHazardsQuery, type MapHazardsAnswer } from '$lib/api/map';
import { HAZARD_LEVELS, HAZARD_STATUSES, hazardColumns } from '$lib/server/queries/hazard-columns';
import { readLayer, wantsBinary } from '$lib/server/binary-columns-response';
import { encodeHazardPayload } from '$lib/map/hazard-payload';
import type { RequestHandler } from './$types';

/**
 * GET /api/map/hazards[?from=&to=][&format=json|bin] — the hazard sites in the caller's area (found
 * in [from, to] when given) as columns (positions, level, status, day found, deadline and day
 * rectified as day numbers), for GPU time filtering. `format=bin` (or Accept:
 * application/octet-stream) answers binary columns (docs/binary-columns.md; no day rectified: the
 * status tells whether a hazard is open).
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
  const q = parseSearchParams(url, mapHazardsQuery);
  const read = (tx: Tx) => hazardColumns(tx, q.window);
  return readLayer(
    await getSql(),
    locals,
    { url, request },
    'hazard',
    wantsBinary(q.format, request),
    read,
    encodeHazardPayload,
    (c): MapHazardsAnswer => ({ ...c, levels: HAZARD_LEVELS, statuses: HAZARD_STATUSES })
  );
};
